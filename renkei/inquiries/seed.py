"""Demo content for `make run` from the seed documents."""


def inquiries_seed(networks: dict) -> None:
    """Add the demo content; ``networks`` holds "alliance", "project" and "clair"."""
