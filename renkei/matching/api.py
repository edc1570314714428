from ninja import Router

needs_router = Router(tags=["needs"])
offers_router = Router(tags=["offers"])
programmes_router = Router(tags=["programmes"])
