"""The pages that compose several apps: the start page, the menu and the participant page."""
