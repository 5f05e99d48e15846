from django.contrib.auth import views as auth_views
from django.urls import path

from thidua.web.views import accounts, clusters, home, people, units

urlpatterns = [
    path("", home.home, name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("phan-quyen/", accounts.account_list, name="account-list"),
    path("phan-quyen/them/", accounts.account_create, name="account-create"),
    path("phan-quyen/<int:pk>/khoa/", accounts.account_lock, name="account-lock"),
    path("phan-quyen/cap/", accounts.grant_create, name="grant-create"),
    path("phan-quyen/thu-hoi/<int:pk>/", accounts.grant_delete, name="grant-delete"),
    path("don-vi/cay/", units.unit_tree, name="unit-tree"),
    path("don-vi/", units.unit_list, name="unit-list"),
    path("don-vi/them/", units.unit_create, name="unit-create"),
    path("don-vi/mau-nhap.xlsx", units.unit_template, name="unit-template"),
    path("don-vi/nhap/", units.unit_import, name="unit-import"),
    path("don-vi/<int:pk>/", units.unit_detail, name="unit-detail"),
    path("don-vi/<int:pk>/sua/", units.unit_edit, name="unit-edit"),
    path("cum-khoi/", clusters.cluster_list, name="cluster-list"),
    path("cum-khoi/them/", clusters.cluster_create, name="cluster-create"),
    path("cum-khoi/<int:pk>/", clusters.cluster_detail, name="cluster-detail"),
    path("cum-khoi/<int:pk>/sua/", clusters.cluster_edit, name="cluster-edit"),
    path("cum-khoi/<int:pk>/thanh-vien/", clusters.membership_save, name="membership-save"),
    path(
        "cum-khoi/<int:pk>/thanh-vien/<int:membership_pk>/xoa/",
        clusters.membership_delete,
        name="membership-delete",
    ),
    path("ca-nhan/", people.person_list, name="person-list"),
    path("ca-nhan/them/", people.person_create, name="person-create"),
    path("ca-nhan/mau-nhap.xlsx", people.person_template, name="person-template"),
    path("ca-nhan/nhap/", people.person_import, name="person-import"),
    path("ca-nhan/<int:pk>/", people.person_detail, name="person-detail"),
    path("ca-nhan/<int:pk>/sua/", people.person_edit, name="person-edit"),
    path("ca-nhan/<int:pk>/cong-tac/", people.person_move, name="person-move"),
]
