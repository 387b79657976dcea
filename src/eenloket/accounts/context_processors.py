def actor(request):
    """Expose the acting worker and their memberships to templates."""
    return {
        "actor": getattr(request, "actor", None),
        "memberships": getattr(request, "memberships", []),
    }
