"""Public views: news pages, the directory (officials, units), readers' actions, search, preview."""
