"""The demo district (Landkreis Lüchow-Dannenberg, seeds 000–004): one module per app and the
commands `seed_demo_data` and `demo_code`. Kept apart from the apps' runtime code so that the
core imports no app (docs/decisions/0032); nothing in the apps imports it."""
