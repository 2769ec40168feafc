"""Contacts live in the warehouse (see tables.py); this app keeps no app-database records yet."""
