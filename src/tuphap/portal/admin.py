"""Administrators see the portal's data; editors work in the portal's own pages."""

from django.contrib import admin

from tuphap.portal.models import Announcement, Article, Category, VisitDay


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "on_home"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "status", "published_at", "views"]
    list_filter = ["status", "category"]
    search_fields = ["title", "slug"]
    readonly_fields = ["views", "search_text", "status", "published_at", "approved_by"]


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "pinned", "valid_from", "valid_to"]


@admin.register(VisitDay)
class VisitDayAdmin(admin.ModelAdmin):
    list_display = ["day", "visits"]
    readonly_fields = ["day", "visits"]
