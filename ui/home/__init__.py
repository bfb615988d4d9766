"""The first pages: welcome, the school profile, and the home page's list of self-checks."""
