"""Project date and time formats per language (FORMAT_MODULE_PATH); Django's fill the rest."""
