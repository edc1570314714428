"""Network views, one module per audience: public pages, the members' directory, the secretariat."""
