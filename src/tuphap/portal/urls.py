"""The portal at the site's root: the public home is "home" (no namespace);
everything else is in the "portal" namespace."""

from django.urls import include, path

from tuphap.portal import feeds, views

portal_patterns = [
    path("tin-tuc/", views.news, name="news"),
    path("tin-tuc/<slug:slug>/", views.article, name="article"),
    path("chuyen-muc/<slug:slug>/", views.category, name="category"),
    path("thong-bao/", views.announcements, name="announcements"),
    path("thong-bao/<int:pk>/", views.announcement, name="announcement"),
    path("tim-kiem/", views.search, name="search"),
    path("thong-ke-truy-cap/", views.stats_island, name="stats"),
    path("tai-khoan/", views.account_island, name="account"),
    path("media/portal/<path:path>", views.media, name="media"),
    path("rss.xml", feeds.LatestRss(), name="rss"),
    path("atom.xml", feeds.LatestAtom(), name="atom"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("cong-thong-tin/", views.manage, name="manage"),
    path("cong-thong-tin/bai-viet/moi/", views.article_new, name="article_new"),
    path("cong-thong-tin/bai-viet/<int:pk>/", views.article_edit, name="article_edit"),
    path("cong-thong-tin/bai-viet/<int:pk>/xem-truoc/", views.article_preview, name="article_preview"),
    path("cong-thong-tin/bai-viet/<int:pk>/xuat-ban/", views.article_publish, name="article_publish"),
    path("cong-thong-tin/bai-viet/<int:pk>/go-xuong/", views.article_unpublish, name="article_unpublish"),
    path("cong-thong-tin/bai-viet/<int:pk>/duyet/", views.article_approve, name="article_approve"),
    path("cong-thong-tin/anh/<int:pk>/xoa/", views.image_remove, name="image_remove"),
    path("cong-thong-tin/thong-bao/", views.announcement_list, name="announcement_list"),
    path("cong-thong-tin/thong-bao/moi/", views.announcement_edit, name="announcement_new"),
    path("cong-thong-tin/thong-bao/<int:pk>/", views.announcement_edit, name="announcement_edit"),
    path("cong-thong-tin/cai-dat/", views.options, name="options"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("", include((portal_patterns, "portal"))),
]
