"""The portal at the site's root: the public home is "home" (no namespace);
everything else is in the "portal" namespace."""

from django.urls import include, path

from tuphap.portal import feeds, views_editors, views_public

portal_patterns = [
    path("tin-tuc/", views_public.news, name="news"),
    path("tin-tuc/<slug:slug>/", views_public.article, name="article"),
    path("chuyen-muc/<slug:slug>/", views_public.category, name="category"),
    path("thong-bao/", views_public.announcements, name="announcements"),
    path("thong-bao/<int:pk>/", views_public.announcement, name="announcement"),
    path("tim-kiem/", views_public.search, name="search"),
    path("thong-ke-truy-cap/", views_public.stats_island, name="stats"),
    path("tai-khoan/", views_public.account_island, name="account"),
    path("media/portal/<path:path>", views_public.media, name="media"),
    path("rss.xml", feeds.LatestRss(), name="rss"),
    path("atom.xml", feeds.LatestAtom(), name="atom"),
    path("sitemap.xml", views_public.sitemap, name="sitemap"),
    path("cong-thong-tin/", views_editors.manage, name="manage"),
    path("cong-thong-tin/bai-viet/moi/", views_editors.article_new, name="article_new"),
    path("cong-thong-tin/bai-viet/<int:pk>/", views_editors.article_edit, name="article_edit"),
    path("cong-thong-tin/bai-viet/<int:pk>/xem-truoc/", views_editors.article_preview, name="article_preview"),
    path("cong-thong-tin/bai-viet/<int:pk>/xuat-ban/", views_editors.article_publish, name="article_publish"),
    path("cong-thong-tin/bai-viet/<int:pk>/go-xuong/", views_editors.article_unpublish, name="article_unpublish"),
    path("cong-thong-tin/bai-viet/<int:pk>/duyet/", views_editors.article_approve, name="article_approve"),
    path("cong-thong-tin/anh/<int:pk>/xoa/", views_editors.image_remove, name="image_remove"),
    path("cong-thong-tin/thong-bao/", views_editors.announcement_list, name="announcement_list"),
    path("cong-thong-tin/thong-bao/moi/", views_editors.announcement_edit, name="announcement_new"),
    path("cong-thong-tin/thong-bao/<int:pk>/", views_editors.announcement_edit, name="announcement_edit"),
    path("cong-thong-tin/cai-dat/", views_editors.options, name="options"),
]

urlpatterns = [
    path("", views_public.home, name="home"),
    path("", include((portal_patterns, "portal"))),
]
