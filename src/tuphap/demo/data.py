"""The demo province: the Department of Justice of Bình Thuận (since 1 Jul 2025
part of Lâm Đồng). Names of people are invented for the demo; agency codes are
in the style of Decision 20/2020/QĐ-TTg and are demo values."""

from __future__ import annotations

import datetime as dt

from tuphap.orgs.roles import Role

DEMO_PASSWORD = "tuphap-demo"  # noqa: S105 - demo only, printed at start

PROVINCE_OLD = {
    "code": "000.00.00.H09",
    "name": "Ủy ban nhân dân tỉnh Bình Thuận",
    "short_name": "UBND tỉnh Bình Thuận",
    "place_name": "Bình Thuận",
    "province": "Bình Thuận",
    "valid_to": dt.date(2025, 6, 30),
}
PROVINCE_NEW = {
    "code": "000.00.00.H38",
    "name": "Ủy ban nhân dân tỉnh Lâm Đồng",
    "short_name": "UBND tỉnh Lâm Đồng",
    "place_name": "Lâm Đồng",
    "province": "Lâm Đồng",
    "valid_from": dt.date(2025, 7, 1),
    "note": "Mã minh họa cho bản demo (không phải mã chính thức)",
}
DEPARTMENT = {
    "code": "000.00.17.H09",
    "name": "Sở Tư pháp tỉnh Bình Thuận",
    "short_name": "STP Bình Thuận",
    "place_name": "Bình Thuận",
    "address": "Số 02 Nguyễn Tất Thành, phường Phú Thủy, Phan Thiết, Bình Thuận",
    "province": "Bình Thuận",
    "valid_to": dt.date(2025, 6, 30),
}
# The merged department from 1 July 2025 (the 2025 arrangement of provinces: Bình Thuận,
# Đắk Nông and Lâm Đồng form Lâm Đồng). Its code is a demo value.
DEPARTMENT_NEW = {
    "code": "000.00.17.H38",
    "name": "Sở Tư pháp tỉnh Lâm Đồng",
    "short_name": "STP Lâm Đồng",
    "place_name": "Lâm Đồng",
    "province": "Lâm Đồng",
    "valid_from": dt.date(2025, 7, 1),
    "note": "Mã minh họa cho bản demo (không phải mã chính thức); đổi bằng TUPHAP_AGENCY_CODE và trang quản trị",
}

# Where dossiers are received (orgs.ReceivingPoint): data the department keeps, not code.
# "agency": "old" is the Bình Thuận department, "new" the merged Lâm Đồng one. The commune
# names are wards of Lâm Đồng after the 2025 reorganisation of communes (as public address
# lists write them; the resolution's text was not read: see docs/domain/agencies.md); the
# centres' codes are demo values.
RECEIVING_POINTS = [
    {
        "code": "tthcc-binh-thuan",
        "kind": "provincial_centre",
        "name": "Trung tâm Phục vụ hành chính công tỉnh Bình Thuận",
        "agency": "old",
        "valid_to": dt.date(2025, 6, 30),
    },
    {
        "code": "tthcc-lam-dong",
        "kind": "provincial_centre",
        "name": "Trung tâm Phục vụ hành chính công tỉnh Lâm Đồng",
        "agency": "new",
        "valid_from": dt.date(2025, 7, 1),
    },
    *[
        {
            "code": f"tthcc-{slug}",
            "kind": "commune_centre",
            "name": f"Trung tâm Phục vụ hành chính công {commune}",
            "commune": commune,
            "agency": "new",
            "valid_from": dt.date(2025, 7, 1),
            "note": "Điểm tiếp nhận minh họa cho bản demo",
        }
        for slug, commune in [
            ("phuong-phan-thiet", "phường Phan Thiết"),
            ("phuong-mui-ne", "phường Mũi Né"),
            ("phuong-la-gi", "phường La Gi"),
            ("phuong-xuan-huong-da-lat", "phường Xuân Hương - Đà Lạt"),
            ("phuong-bac-gia-nghia", "phường Bắc Gia Nghĩa"),
        ]
    ],
    {
        "code": "truc-tuyen",
        "kind": "online",
        "name": "Cổng Dịch vụ công (nộp trực tuyến)",
        "agency": "new",
    },
    {
        "code": "buu-chinh-cong-ich",
        "kind": "public_post",
        "name": "Dịch vụ bưu chính công ích",
        "agency": "new",
    },
]

# the reception officer's own counter (the desk's default receiving point)
DESK_OFFICER = ("motcua", "tthcc-lam-dong")

UNITS = [
    ("van-phong", "Văn phòng Sở"),
    ("thanh-tra", "Thanh tra Sở"),
    ("xdkt-vb", "Phòng Xây dựng và Kiểm tra văn bản quy phạm pháp luật"),
    ("pbgdpl", "Phòng Phổ biến, giáo dục pháp luật"),
    ("hctp", "Phòng Hành chính tư pháp"),
    ("btp", "Phòng Bổ trợ tư pháp"),
    ("qlxlvp", "Phòng Quản lý xử lý vi phạm hành chính và theo dõi thi hành pháp luật"),
    ("tgpl", "Trung tâm Trợ giúp pháp lý nhà nước"),
]

# username, full name, roles, unit code, position
ACCOUNTS = [
    ("admin", "Quản Trị Viên", (Role.ADMIN,), "van-phong", "Quản trị hệ thống"),
    ("motcua", "Nguyễn Thị Lan", (Role.RECEPTION,), "hctp", "Cán bộ tiếp nhận một cửa"),
    ("chuyenvien", "Trần Văn Minh", (Role.SPECIALIST,), "hctp", "Chuyên viên"),
    ("truongphong", "Lê Thị Hồng", (Role.UNIT_HEAD,), "hctp", "Trưởng phòng Hành chính tư pháp"),
    ("giamdoc", "Phạm Văn Hải", (Role.DIRECTOR,), "van-phong", "Giám đốc Sở"),
    ("bientap", "Võ Thị Thu", (Role.EDITOR,), "van-phong", "Biên tập viên cổng thông tin"),
]
