"""Single sign-on through an OpenID Connect provider: its bearer JWTs on the API, its sign-in on the pages."""
