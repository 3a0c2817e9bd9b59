"""Nothing of the transfer is in Django's admin, on purpose: import runs hold rejected rows with
personal identity numbers and assistance months are personal data, which the admin never shows
(see `core/admin.py`). Runs are read on the transfer pages, through `transfer_runs_visible_to`."""
