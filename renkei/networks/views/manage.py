"""placeholder"""
urlpatterns: list = []
