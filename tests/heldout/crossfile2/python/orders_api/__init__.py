"""Orders API: FastAPI front end over the shop's SQLite order store."""

__version__ = "0.4.2"
