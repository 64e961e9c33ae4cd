"""The petition tools' admin URLs, mounted under /admin/petitions/ by the register_admin_urls hook."""

from django.urls import path

from clarion.petitions.admin import invalidation, moderation, review, steps, views

app_name = "petitions_admin"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("<id:petition_id>/export.csv", views.export_signatures, name="export"),
    path("<id:petition_id>/trending/", views.TrendingView.as_view(), name="trending"),
    path("<id:petition_id>/invalidate/", invalidation.InvalidateView.as_view(), name="invalidate"),
    path("<id:petition_id>/invalidations/", invalidation.InvalidationLogView.as_view(), name="invalidations"),
    path("<id:petition_id>/invalidations/<id:pk>/undo/", invalidation.UndoInvalidationView.as_view(),
         name="undo_invalidation"),
    path("<id:petition_id>/steps/", steps.StepsView.as_view(), name="steps"),
    path("held/", review.HeldView.as_view(), name="held"),
    path("held/review/", review.ReviewView.as_view(), name="review"),
    path("comments/", moderation.CommentQueueView.as_view(), name="comments"),
    path("comments/<id:pk>/moderate/", moderation.ModerateCommentView.as_view(), name="moderate_comment"),
]
