"""The demo catalogue: procedures of a provincial Department of Justice.

Names, time limits and fees follow the published catalogues of provincial
departments of justice (Law on Judicial Records 2009, Law on Notaries 2014,
Law on Lawyers, Law on Judicial Expertise, Law on Property Auction, Law on
Vietnamese Nationality, and the fee circulars of the Ministry of Finance).
Procedure codes are in the national format; the numbers here are demo
values to be replaced by the province's official catalogue on import.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

FIELDS = {
    "lltp": "Lý lịch tư pháp",
    "cc": "Công chứng",
    "ls": "Luật sư",
    "gd": "Giám định tư pháp",
    "dg": "Đấu giá tài sản",
    "qt": "Quốc tịch",
    "tvpl": "Tư vấn pháp luật",
    "tl": "Quản tài viên",
}

VALID_FROM = dt.date(2020, 1, 1)


def _p(
    code: str,
    name: str,
    field: str,
    unit: str,
    amount: int,
    limit_unit: str,
    fee: int,
    components: list[str],
    legal_basis: str,
    *,
    note: str = "",
    fee_note: str = "",
    channels: tuple[str, ...] = ("desk", "online", "post"),
    level: str = "toàn trình",
) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "field": FIELDS[field],
        "unit": unit,
        "time_limit_amount": amount,
        "time_limit_unit": limit_unit,
        "time_limit_note": note,
        "fee": fee,
        "fee_note": fee_note,
        "components": [{"name": c, "copies": 1, "required": True} for c in components],
        "channels": list(channels),
        "online_level": level,
        "legal_basis": legal_basis,
    }


PROCEDURES: list[dict[str, Any]] = [
    _p("2.000488.000.00.00.H09", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam", "lltp", "hctp",
       10, "calendar_days", 200_000,
       ["Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (mẫu số 03/2013/TT-LLTP)", "Bản chụp giấy tờ tùy thân", "Bản chụp giấy tờ chứng minh nơi cư trú"],
       "Luật Lý lịch tư pháp 2009; Thông tư 244/2016/TT-BTC",
       note="15 ngày nếu phải xác minh", fee_note="Sinh viên, người có công: 100.000 đồng; trẻ em, người cao tuổi, người khuyết tật: miễn"),
    _p("2.000505.000.00.00.H09", "Cấp Phiếu lý lịch tư pháp cho cơ quan tiến hành tố tụng", "lltp", "hctp",
       10, "calendar_days", 0, ["Văn bản yêu cầu của cơ quan tiến hành tố tụng"], "Luật Lý lịch tư pháp 2009", level="một phần"),
    _p("1.001877.000.00.00.H09", "Cấp Thẻ công chứng viên", "cc", "btp",
       5, "working_days", 100_000, ["Đề nghị cấp Thẻ công chứng viên", "01 ảnh chân dung 2cm x 3cm"],
       "Luật Công chứng 2014; Thông tư 257/2016/TT-BTC"),
    _p("1.001880.000.00.00.H09", "Cấp lại Thẻ công chứng viên", "cc", "btp",
       5, "working_days", 100_000, ["Đề nghị cấp lại Thẻ công chứng viên", "01 ảnh chân dung 2cm x 3cm"],
       "Luật Công chứng 2014; Thông tư 257/2016/TT-BTC"),
    _p("1.001756.000.00.00.H09", "Đăng ký hoạt động Văn phòng công chứng", "cc", "btp",
       10, "working_days", 1_000_000, ["Đơn đăng ký hoạt động", "Quyết định cho phép thành lập", "Giấy tờ chứng minh trụ sở"],
       "Luật Công chứng 2014; Thông tư 257/2016/TT-BTC"),
    _p("1.001745.000.00.00.H09", "Thay đổi nội dung đăng ký hoạt động của Văn phòng công chứng", "cc", "btp",
       5, "working_days", 500_000, ["Đơn đề nghị thay đổi nội dung đăng ký hoạt động", "Giấy tờ chứng minh nội dung thay đổi"],
       "Luật Công chứng 2014; Thông tư 257/2016/TT-BTC"),
    _p("1.001690.000.00.00.H09", "Đăng ký tập sự hành nghề công chứng", "cc", "btp",
       7, "working_days", 0, ["Giấy đề nghị đăng ký tập sự", "Giấy tờ chứng minh hoàn thành đào tạo nghề công chứng"],
       "Luật Công chứng 2014"),
    _p("1.002032.000.00.00.H09", "Đăng ký hoạt động của tổ chức hành nghề luật sư", "ls", "btp",
       10, "working_days", 50_000, ["Giấy đề nghị đăng ký hoạt động", "Dự thảo Điều lệ (công ty luật)", "Giấy tờ chứng minh trụ sở"],
       "Luật Luật sư 2006, sửa đổi 2012; Thông tư 220/2016/TT-BTC"),
    _p("1.002055.000.00.00.H09", "Đăng ký hoạt động của chi nhánh của tổ chức hành nghề luật sư", "ls", "btp",
       7, "working_days", 100_000, ["Giấy đề nghị đăng ký hoạt động chi nhánh", "Quyết định thành lập chi nhánh", "Giấy tờ chứng minh trụ sở"],
       "Luật Luật sư 2006, sửa đổi 2012; Thông tư 220/2016/TT-BTC"),
    _p("1.002079.000.00.00.H09", "Đăng ký hành nghề luật sư với tư cách cá nhân", "ls", "btp",
       7, "working_days", 100_000, ["Giấy đề nghị đăng ký hành nghề", "Hợp đồng lao động với cơ quan, tổ chức"],
       "Luật Luật sư 2006, sửa đổi 2012; Thông tư 220/2016/TT-BTC"),
    _p("1.008919.000.00.00.H09", "Đăng ký hoạt động Văn phòng giám định tư pháp", "gd", "btp",
       7, "working_days", 0, ["Đơn đăng ký hoạt động", "Quyết định cho phép thành lập", "Giấy tờ chứng minh trụ sở"],
       "Luật Giám định tư pháp 2012, sửa đổi 2020"),
    _p("1.008920.000.00.00.H09", "Thay đổi, bổ sung lĩnh vực giám định của Văn phòng giám định tư pháp", "gd", "btp",
       7, "working_days", 0, ["Đơn đề nghị thay đổi, bổ sung lĩnh vực giám định"], "Luật Giám định tư pháp 2012, sửa đổi 2020"),
    _p("1.010115.000.00.00.H09", "Cấp Chứng chỉ hành nghề đấu giá", "dg", "btp",
       7, "working_days", 200_000, ["Đơn đề nghị cấp Chứng chỉ hành nghề đấu giá", "Giấy chứng nhận tốt nghiệp đào tạo nghề đấu giá", "Phiếu lý lịch tư pháp"],
       "Luật Đấu giá tài sản 2016, sửa đổi 2024; Thông tư 106/2017/TT-BTC"),
    _p("1.010116.000.00.00.H09", "Đăng ký hoạt động doanh nghiệp đấu giá tài sản", "dg", "btp",
       7, "working_days", 1_000_000, ["Đơn đề nghị đăng ký hoạt động", "Điều lệ (công ty)", "Giấy tờ chứng minh trụ sở"],
       "Luật Đấu giá tài sản 2016, sửa đổi 2024; Thông tư 106/2017/TT-BTC"),
    _p("2.001895.000.00.00.H09", "Xác nhận có quốc tịch Việt Nam ở trong nước", "qt", "hctp",
       5, "working_days", 100_000, ["Tờ khai đề nghị xác nhận có quốc tịch Việt Nam", "Bản sao giấy tờ chứng minh quốc tịch"],
       "Luật Quốc tịch Việt Nam 2008, sửa đổi 2014; Thông tư 281/2016/TT-BTC"),
    _p("2.001907.000.00.00.H09", "Cấp Giấy xác nhận là người gốc Việt Nam ở trong nước", "qt", "hctp",
       5, "working_days", 100_000, ["Tờ khai đề nghị xác nhận là người gốc Việt Nam", "Bản sao giấy tờ chứng minh nguồn gốc"],
       "Luật Quốc tịch Việt Nam 2008, sửa đổi 2014; Thông tư 281/2016/TT-BTC"),
    _p("1.008722.000.00.00.H09", "Đăng ký hoạt động của Trung tâm tư vấn pháp luật", "tvpl", "btp",
       10, "working_days", 0, ["Giấy đề nghị đăng ký hoạt động", "Quyết định thành lập Trung tâm", "Giấy tờ chứng minh trụ sở"],
       "Nghị định 77/2008/NĐ-CP"),
    _p("1.005441.000.00.00.H09", "Đăng ký hành nghề quản lý, thanh lý tài sản với tư cách cá nhân", "tl", "btp",
       5, "working_days", 0, ["Giấy đề nghị đăng ký hành nghề", "Chứng chỉ hành nghề quản tài viên"], "Luật Phá sản 2014; Nghị định 22/2015/NĐ-CP"),
]
