from tuphap.core.routes import routes
from tuphap.lawdocs import views

app_name = "lawdocs"

urlpatterns = routes(
    views,
    """
    /                                               search
    /<int:pk>/                                      document
    /moi/                                           document_new
    /<int:pk>/sua/                                  document_edit
    /<int:pk>/cong-cu/                              document_tools
    /<int:pk>/tep/<int:file_pk>/                    document_file
    /du-thao/                                       drafts
    /du-thao/<int:pk>/                              draft
    /tham-dinh/                                     board
    /ra-soat/                                       reviews
    /ra-soat/<int:pk>/                              review
    /ra-soat/viec/<int:pk>/xong/                    follow_up_done
    /danh-muc-het-hieu-luc/                         yearly_latest
    /danh-muc-het-hieu-luc/<int:year>/              yearly_list     yearly
    /danh-muc-het-hieu-luc/<int:year>.<str:fmt>     yearly_list     yearly_file
    """,
)
