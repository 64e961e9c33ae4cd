"""Staff accounts in the Wagtail admin: two-factor sign-in, one's own e-mail address, sign-in lockouts."""
