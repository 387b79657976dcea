"""eenloket: one counter for everyone who gets stuck with government."""
