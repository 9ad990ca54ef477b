"""What every domain package shares and which imports no domain package: the refusal of a
rule, the request's one commit, access decorators and shared form pieces."""
