"""backlint: reviews backend code as it is typed, the way a senior backend engineer would."""
