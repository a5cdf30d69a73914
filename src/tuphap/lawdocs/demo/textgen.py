"""A generator of realistic Vietnamese legal text (pure Python, deterministic
for a seed): titles and bodies of provincial resolutions and decisions, with
chapters, articles, clauses and a varied vocabulary (fields, subjects, acts,
places of the province, people's names, amounts and dates). Used by the demo
and by the search benchmark."""

from __future__ import annotations

import random
from dataclasses import dataclass

FIELDS = {
    "Đất đai": [
        "giá đất",
        "bồi thường, hỗ trợ, tái định cư",
        "hạn mức giao đất ở",
        "cấp giấy chứng nhận quyền sử dụng đất",
        "tách thửa, hợp thửa đất",
        "thu hồi đất",
    ],
    "Tư pháp": [
        "đăng ký hộ tịch",
        "chứng thực bản sao",
        "trợ giúp pháp lý",
        "hòa giải ở cơ sở",
        "phổ biến, giáo dục pháp luật",
        "lý lịch tư pháp",
        "công chứng",
    ],
    "Tài chính": [
        "phí, lệ phí",
        "phân cấp nguồn thu, nhiệm vụ chi ngân sách",
        "định mức phân bổ dự toán chi thường xuyên",
        "quản lý tài sản công",
        "mức chi công tác phí, chi hội nghị",
    ],
    "Giáo dục": [
        "học phí",
        "hỗ trợ học sinh bán trú",
        "chế độ đối với giáo viên mầm non",
        "quản lý dạy thêm, học thêm",
        "tuyển sinh trung học phổ thông",
    ],
    "Y tế": [
        "giá dịch vụ khám bệnh, chữa bệnh",
        "bảo hiểm y tế",
        "phòng, chống dịch bệnh",
        "an toàn thực phẩm",
        "y tế cơ sở",
    ],
    "Giao thông vận tải": [
        "tải trọng xe",
        "vận tải hành khách bằng xe buýt",
        "quản lý, vận hành đường giao thông nông thôn",
        "phí sử dụng tạm thời lòng đường, hè phố",
        "bến thủy nội địa",
    ],
    "Xây dựng": [
        "cấp giấy phép xây dựng",
        "quản lý chất lượng công trình",
        "quy hoạch chung đô thị",
        "giá xây dựng mới nhà ở",
        "quản lý cây xanh đô thị",
    ],
    "Tài nguyên và môi trường": [
        "khai thác khoáng sản",
        "bảo vệ môi trường",
        "tài nguyên nước",
        "quản lý chất thải rắn sinh hoạt",
        "bảo vệ tài nguyên biển và hải đảo",
    ],
    "Nông nghiệp": [
        "hỗ trợ phát triển sản xuất nông nghiệp",
        "phòng, chống thiên tai",
        "khai thác thủy sản",
        "trồng rừng thay thế",
        "cây thanh long",
        "nuôi trồng thủy sản",
    ],
    "Lao động - Thương binh và Xã hội": [
        "trợ giúp xã hội",
        "chuẩn nghèo",
        "hỗ trợ người có công",
        "giáo dục nghề nghiệp",
        "bảo vệ trẻ em",
    ],
    "Văn hóa, thể thao và du lịch": [
        "quản lý hoạt động du lịch",
        "lễ hội truyền thống",
        "di tích lịch sử - văn hóa",
        "thiết chế văn hóa cơ sở",
        "karaoke, vũ trường",
    ],
    "Bộ máy hành chính": [
        "chức năng, nhiệm vụ, quyền hạn",
        "phân cấp quản lý",
        "cải cách thủ tục hành chính",
        "quy chế làm việc",
        "tiếp công dân",
    ],
    "Thương mại": ["chợ", "khuyến công", "xúc tiến thương mại", "kinh doanh xăng dầu", "thương mại điện tử"],
    "Công nghệ thông tin": [
        "chuyển đổi số",
        "chính quyền điện tử",
        "dịch vụ công trực tuyến",
        "an toàn thông tin mạng",
        "cơ sở dữ liệu dùng chung",
    ],
}
PLACES = [
    "thành phố Phan Thiết",
    "thị xã La Gi",
    "huyện Tuy Phong",
    "huyện Bắc Bình",
    "huyện Hàm Thuận Bắc",
    "huyện Hàm Thuận Nam",
    "huyện Tánh Linh",
    "huyện Đức Linh",
    "huyện Hàm Tân",
    "huyện đảo Phú Quý",
    "phường Phú Thủy",
    "phường Mũi Né",
    "phường Hàm Tiến",
    "xã Tiến Thành",
    "xã Thiện Nghiệp",
    "xã Phong Nẫm",
    "thị trấn Liên Hương",
    "thị trấn Phan Rí Cửa",
    "thị trấn Chợ Lầu",
    "xã Hòa Thắng",
    "xã Hồng Phong",
    "thị trấn Ma Lâm",
    "xã Hàm Chính",
    "xã Hàm Mỹ",
    "thị trấn Thuận Nam",
    "thị trấn Lạc Tánh",
    "xã Đức Phú",
    "thị trấn Võ Xu",
    "thị trấn Đức Tài",
    "xã Tân Thắng",
    "xã Sơn Mỹ",
    "xã Long Hải",
    "xã Ngũ Phụng",
    "xã Tam Thanh",
]
AGENCIES = [
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Nội vụ",
    "Sở Kế hoạch và Đầu tư",
    "Sở Xây dựng",
    "Sở Giao thông vận tải",
    "Sở Tài nguyên và Môi trường",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Công Thương",
    "Sở Thông tin và Truyền thông",
    "Sở Khoa học và Công nghệ",
    "Công an tỉnh",
    "Bộ Chỉ huy Quân sự tỉnh",
    "Ban Quản lý các khu công nghiệp",
    "Văn phòng UBND tỉnh",
    "Thanh tra tỉnh",
    "Cục Thuế tỉnh",
    "Kho bạc Nhà nước tỉnh",
    "Bảo hiểm xã hội tỉnh",
    "Đài Phát thanh - Truyền hình tỉnh",
]
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đoàn",
    "Lương",
    "Trương",
    "Mai",
]
MIDDLE = [
    "Văn",
    "Thị",
    "Hữu",
    "Đức",
    "Minh",
    "Ngọc",
    "Thanh",
    "Quốc",
    "Xuân",
    "Hoài",
    "Kim",
    "Thành",
    "Anh",
    "Công",
    "Tấn",
]
GIVEN = [
    "Hưng",
    "Lâm",
    "Phong",
    "Tuấn",
    "Hải",
    "Dũng",
    "Hòa",
    "Bình",
    "Lộc",
    "Phúc",
    "Thảo",
    "Hương",
    "Lan",
    "Nga",
    "Yến",
    "Khoa",
    "Nam",
    "Sơn",
    "Tâm",
    "Trí",
    "Vinh",
    "Quang",
    "Hiếu",
    "Nhân",
    "Thắng",
    "Đạt",
    "Khánh",
    "Liên",
    "Mai",
    "Oanh",
]
SUBJECTS = [
    "cơ quan, tổ chức, cá nhân",
    "hộ gia đình, cá nhân",
    "doanh nghiệp, hợp tác xã",
    "đơn vị sự nghiệp công lập",
    "cán bộ, công chức, viên chức",
    "người lao động",
    "người có công với cách mạng",
    "hộ nghèo, hộ cận nghèo",
    "đồng bào dân tộc thiểu số",
    "học sinh, sinh viên",
    "người khuyết tật",
    "tổ chức hành nghề công chứng",
    "chủ đầu tư",
    "nhà đầu tư",
    "chủ phương tiện",
    "người sử dụng đất",
    "tổ chức tín dụng",
    "hội viên nông dân",
]
VERBS = [
    "tổ chức thực hiện",
    "hướng dẫn, kiểm tra, đôn đốc",
    "chủ trì, phối hợp với",
    "tham mưu Ủy ban nhân dân tỉnh",
    "theo dõi, tổng hợp, báo cáo",
    "rà soát, đề xuất sửa đổi, bổ sung",
    "công khai, minh bạch",
    "bố trí kinh phí",
    "thẩm định, phê duyệt",
    "thanh tra, kiểm tra, xử lý vi phạm",
    "tuyên truyền, phổ biến",
    "cấp, gia hạn, thu hồi",
    "quản lý, sử dụng",
    "giải quyết kịp thời các khó khăn, vướng mắc",
    "thống kê, cập nhật cơ sở dữ liệu",
    "xây dựng kế hoạch",
    "phân bổ, giao dự toán",
    "tiếp nhận, giải quyết hồ sơ",
    "đánh giá, nghiệm thu",
    "kiện toàn tổ chức bộ máy",
]
QUALIFIERS = [
    "theo đúng quy định của pháp luật",
    "trên địa bàn tỉnh",
    "đúng đối tượng, đúng mục đích",
    "bảo đảm hiệu quả, tiết kiệm",
    "trong phạm vi chức năng, nhiệm vụ được giao",
    "kịp thời, đầy đủ",
    "theo định kỳ hằng quý, hằng năm",
    "phù hợp với điều kiện thực tế của địa phương",
    "bảo đảm công khai, dân chủ",
    "gắn với chuyển đổi số",
    "theo cơ chế một cửa, một cửa liên thông",
    "không để xảy ra tình trạng chậm trễ",
    "bảo đảm quốc phòng, an ninh",
]
BASES = [
    "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
    "Luật Ban hành văn bản quy phạm pháp luật ngày 22 tháng 6 năm 2015",
    "Luật sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm pháp luật ngày 18 tháng 6 năm 2020",
    "Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015",
    "Luật Đất đai ngày 29 tháng 11 năm 2013",
    "Luật Phí và lệ phí ngày 25 tháng 11 năm 2015",
    "Luật Hộ tịch ngày 20 tháng 11 năm 2014",
    "Luật Xây dựng ngày 18 tháng 6 năm 2014",
    "Luật Bảo vệ môi trường ngày 17 tháng 11 năm 2020",
    "Luật Giáo dục ngày 14 tháng 6 năm 2019",
    "Luật Quản lý, sử dụng tài sản công ngày 21 tháng 6 năm 2017",
    "Luật Giao thông đường bộ ngày 13 tháng 11 năm 2008",
    "Nghị định số 34/2016/NĐ-CP ngày 14 tháng 5 năm 2016 của Chính phủ",
    "Nghị định số 154/2020/NĐ-CP ngày 31 tháng 12 năm 2020 của Chính phủ",
    "Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ",
    "Thông tư số 85/2019/TT-BTC ngày 29 tháng 11 năm 2019 của Bộ Tài chính",
]
TITLE_FORMS = [
    "Ban hành Quy định {topic} trên địa bàn tỉnh Bình Thuận",
    "Quy định {topic} trên địa bàn tỉnh Bình Thuận",
    "Sửa đổi, bổ sung một số điều của Quy định {topic} trên địa bàn tỉnh Bình Thuận",
    "Ban hành Quy chế phối hợp trong công tác {topic} trên địa bàn tỉnh",
    "Quy định mức thu, chế độ thu, nộp, quản lý và sử dụng {topic} trên địa bàn tỉnh Bình Thuận",
    "Bãi bỏ một số văn bản quy phạm pháp luật về {topic} do Ủy ban nhân dân tỉnh ban hành",
    "Quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của {agency}",
    "Quy định chính sách hỗ trợ {topic} trên địa bàn tỉnh Bình Thuận giai đoạn {y1} - {y2}",
]


# A Vietnamese syllable inventory (onsets × rhymes × tones) for proper names of
# villages, roads, projects and companies: thousands of rare words, as in real texts.
ONSETS = [
    "",
    "b",
    "c",
    "ch",
    "d",
    "đ",
    "g",
    "gi",
    "h",
    "kh",
    "l",
    "m",
    "n",
    "ng",
    "nh",
    "ph",
    "qu",
    "s",
    "t",
    "th",
    "tr",
    "v",
    "x",
]
RHYMES = [
    "a",
    "ai",
    "am",
    "an",
    "ang",
    "anh",
    "ao",
    "at",
    "ay",
    "ăn",
    "ăng",
    "âm",
    "ân",
    "âu",
    "ây",
    "em",
    "en",
    "eo",
    "ê",
    "ên",
    "ênh",
    "i",
    "im",
    "in",
    "inh",
    "iêm",
    "iên",
    "iêu",
    "o",
    "oa",
    "oai",
    "oan",
    "oang",
    "oanh",
    "oi",
    "om",
    "on",
    "ong",
    "ô",
    "ôi",
    "ôm",
    "ôn",
    "ông",
    "ơ",
    "ơi",
    "ơn",
    "u",
    "ui",
    "um",
    "un",
    "ung",
    "uy",
    "uyên",
    "uân",
    "ư",
    "ưa",
    "ưng",
    "ươi",
    "ương",
    "ươn",
    "ưu",
    "y",
    "yên",
]
TONES = {"": "", "`": "\u0300", "'": "\u0301", "?": "\u0309", "~": "\u0303", ".": "\u0323"}


def _syllable(rng: random.Random) -> str:
    import unicodedata

    onset, rhyme = rng.choice(ONSETS), rng.choice(RHYMES)
    if onset == "gi" and rhyme.startswith("i"):
        onset = "g"
    tone = TONES[rng.choice(list(TONES))]
    vowels = [i for i, ch in enumerate(rhyme) if ch in "aăâeêioôơuưy"]
    if not vowels:
        return onset + rhyme
    at = (
        vowels[-1]
        if len(vowels) > 1 and (rhyme[vowels[-1]] in "êơâ" or rhyme.endswith(("n", "ng", "nh", "m", "t", "c")))
        else vowels[0]
    )
    return unicodedata.normalize("NFC", onset + rhyme[: at + 1] + tone + rhyme[at + 1 :])


def proper_name(rng: random.Random, syllables: int = 2) -> str:
    return " ".join(_syllable(rng).capitalize() for _ in range(syllables))


@dataclass
class Generated:
    field: str
    topic: str
    title: str


class LegalTextGenerator:
    def __init__(self, seed: int = 0) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - text generation, not security

    def person(self) -> str:
        r = self.rng
        return f"{r.choice(FAMILY)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"

    def title(self, year: int) -> Generated:
        r = self.rng
        field = r.choice(list(FIELDS))
        topic = r.choice(FIELDS[field])
        form = r.choice(TITLE_FORMS)
        title = form.format(topic=topic, agency=r.choice(AGENCIES), y1=year, y2=year + r.choice((2, 3, 4, 5)))
        return Generated(field, topic, title)

    def _sentence(self, topic: str) -> str:
        r = self.rng
        kind = r.random()
        if kind < 0.35:
            return (
                f"{r.choice(AGENCIES)} {r.choice(VERBS)} {r.choice(AGENCIES).lower()} {r.choice(VERBS)} {topic} "
                f"{r.choice(QUALIFIERS)}."
            )
        if kind < 0.55:
            amount = r.choice((5, 10, 15, 20, 30, 50, 100, 150, 200, 500)) * r.choice((1000, 10000, 100000))
            money = f"{amount:,}".replace(",", ".")
            return (
                f"Mức hỗ trợ đối với {r.choice(SUBJECTS)} tại {r.choice(PLACES)} là {money} đồng/người/tháng, "
                f"{r.choice(QUALIFIERS)}."
            )
        if kind < 0.7:
            return (
                f"Ủy ban nhân dân {r.choice(PLACES)} có trách nhiệm {r.choice(VERBS)} {topic}, "
                f"{r.choice(QUALIFIERS)}; định kỳ báo cáo Ủy ban nhân dân tỉnh trước ngày {r.randint(1, 28)} tháng "
                f"{r.randint(1, 12)}."
            )
        if kind < 0.78:
            project = r.choice(
                [
                    "đường giao thông",
                    "hồ chứa nước",
                    "khu dân cư",
                    "cụm công nghiệp",
                    "kè chống sạt lở",
                    "trường tiểu học",
                ]
            )
            return (
                f"Dự án {project} "
                f"{proper_name(r)} tại thôn {proper_name(r)}, {r.choice(PLACES)} do Công ty TNHH "
                f"{proper_name(r, r.choice((2, 3)))} thực hiện."
            )
        if kind < 0.85:
            return (
                f"{r.choice(SUBJECTS).capitalize()} có nghĩa vụ {r.choice(VERBS)} "
                f"{r.choice(FIELDS[r.choice(list(FIELDS))])} {r.choice(QUALIFIERS)}."
            )
        return (
            f"Giao {r.choice(AGENCIES)} làm đầu mối, ông {self.person()} (điện thoại "
            f"0252.{r.randint(3800000, 3899999)}) theo dõi việc {r.choice(VERBS)} {topic}."
        )

    def body(self, gen: Generated, issuer: str, number: str, signer: str, articles: int | None = None) -> str:
        r = self.rng
        n_articles = articles or r.randint(3, 9)
        lines = [f"{issuer.upper()}", f"Số: {number}", "", gen.title.upper(), ""]
        for basis in r.sample(BASES, r.randint(2, 4)):
            lines.append(f"Căn cứ {basis};")
        lines.append(f"Theo đề nghị của Giám đốc {r.choice(AGENCIES)}.")
        lines.append("")
        for art in range(1, n_articles + 1):
            heading = r.choice(
                [
                    "Phạm vi điều chỉnh",
                    "Đối tượng áp dụng",
                    "Nguyên tắc thực hiện",
                    "Nội dung và mức hỗ trợ",
                    "Trách nhiệm thi hành",
                    "Điều khoản chuyển tiếp",
                    "Hồ sơ, trình tự, thủ tục",
                    "Kinh phí thực hiện",
                    "Tổ chức thực hiện",
                ]
            )
            lines.append(f"Điều {art}. {heading}")
            for clause in range(1, r.randint(2, 4) + 1):
                sentences = " ".join(self._sentence(gen.topic) for _ in range(r.randint(1, 3)))
                lines.append(f"{clause}. {sentences}")
        lines.append("")
        lines.append(f"TM. {issuer.upper()}")
        lines.append(signer)
        return "\n".join(lines)
