"""The portal at the site's root: the public home is "home" (no namespace);
everything else is in the "portal" namespace."""

from django.urls import include, path

from tuphap.core.routes import routes
from tuphap.portal import feeds, views_editors, views_public

portal_patterns = [
    *routes(
        views_public,
        """
        /tin-tuc/                       news
        /tin-tuc/<slug:slug>/           article
        /chuyen-muc/<slug:slug>/        category
        /thong-bao/                     announcements
        /thong-bao/<int:pk>/            announcement
        /tim-kiem/                      search
        /thong-ke-truy-cap/             stats_island        stats
        /tai-khoan/                     account_island      account
        /media/portal/<path:path>       media
        /sitemap.xml                    sitemap
        """,
    ),
    path("rss.xml", feeds.LatestRss(), name="rss"),
    path("atom.xml", feeds.LatestAtom(), name="atom"),
    *routes(
        views_editors,
        """
        /cong-thong-tin/                                manage
        /cong-thong-tin/bai-viet/moi/                   article_new
        /cong-thong-tin/bai-viet/<int:pk>/              article_edit
        /cong-thong-tin/bai-viet/<int:pk>/xem-truoc/    article_preview
        /cong-thong-tin/bai-viet/<int:pk>/xuat-ban/     article_publish
        /cong-thong-tin/bai-viet/<int:pk>/go-xuong/     article_unpublish
        /cong-thong-tin/bai-viet/<int:pk>/duyet/        article_approve
        /cong-thong-tin/anh/<int:pk>/xoa/               image_remove
        /cong-thong-tin/thong-bao/                      announcement_list
        /cong-thong-tin/thong-bao/moi/                  announcement_edit   announcement_new
        /cong-thong-tin/thong-bao/<int:pk>/             announcement_edit
        /cong-thong-tin/cai-dat/                        options
        """,
    ),
]

urlpatterns = [
    path("", views_public.home, name="home"),
    path("", include((portal_patterns, "portal"))),
]
