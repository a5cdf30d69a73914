from tuphap.core.routes import routes
from tuphap.workplans import views

app_name = "workplans"

urlpatterns = routes(
    views,
    """
    /                               board
    /<int:pk>/                      task
    /ket-luan/moi/                  conclusion_new
    /tong-hop/                      summary
    /ke-hoach/                      plans
    /xu-ly-vi-pham/                 violations
    /xu-ly-vi-pham/mau.xlsx         violations_template
    """,
)
