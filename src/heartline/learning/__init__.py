"""Training programs and credentialing."""
