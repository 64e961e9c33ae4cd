"""Signing in to the admin: lockout after failed passwords, and a second factor (an authenticator app's code)."""
