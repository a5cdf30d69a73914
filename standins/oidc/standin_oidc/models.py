from django.conf import settings
from django.db import models


class Identity(models.Model):
    """What the provider vouches for about one person (as a national identity would)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identity")
    full_name = models.CharField(max_length=255)
    birthdate = models.DateField()
    id_number = models.CharField(max_length=20)  # CCCD, 12 digits
    phone = models.CharField(max_length=15, blank=True)
    email = models.EmailField(blank=True)
    address = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return self.user.username
