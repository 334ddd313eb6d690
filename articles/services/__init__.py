"""Writes that touch several rows, one function each, shared by admin, commands and views."""
