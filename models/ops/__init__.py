"""Operations on stored data; each takes a Session owned by the caller (one edit, one transaction)."""
