"""The working screen of one self-check: the navigator, the item list, the item page and its answer widgets."""
