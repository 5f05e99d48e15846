"""Pages of movements (phong trào) and campaigns (đợt thi đua), issue #5 items 1–2."""

from django.urls import path

from thidua.web.views import movements

urlpatterns = [
    path("", movements.movement_list, name="movement-list"),
    path("moi/", movements.movement_create, name="movement-create"),
    path("<int:pk>/", movements.movement_detail, name="movement-detail"),
    path("<int:pk>/sua/", movements.movement_edit, name="movement-edit"),
    path("<int:pk>/phat-dong/", movements.movement_launch, name="movement-launch"),
    path("<int:pk>/ket-thuc/", movements.movement_close, name="movement-close"),
    path("<int:pk>/ke-hoach/", movements.movement_plan_file, name="movement-plan-file"),
    path("<int:pk>/huong-ung/", movements.movement_answers, name="movement-answers"),
    path("<int:pk>/don-vi/<int:unit_pk>/", movements.movement_respond, name="movement-respond"),
    path("<int:pk>/don-vi/<int:unit_pk>/<str:kind>/tep/", movements.response_file, name="movement-response-file"),
    path("dot/", movements.campaign_list, name="campaign-list"),
    path("dot/moi/", movements.campaign_create, name="campaign-create"),
    path("dot/<int:pk>/", movements.campaign_detail, name="campaign-detail"),
    path("dot/<int:pk>/khen-thuong/", movements.campaign_commend, name="campaign-commend"),
]
