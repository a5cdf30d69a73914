"""Demo content of the portal, written for this demo: the department of Bình
Thuận until 30/6/2025, the merged department of Lâm Đồng from 1/7/2025.

Names of officials are invented; the legal references are to real Vietnamese
laws but the articles are illustrations, not legal advice. Articles whose
title is in ``PUBLISHED_ON`` were published that day (those that speak of
districts or of the judicial record certificate belong to before the 2025
changes: the certificate moved to the provincial police on 1/3/2025, districts
ended on 30/6/2025); the others within the last months, under the merged
department. An article keeps the agency it was published under.
"""

from __future__ import annotations

import datetime as dt

# slug, name, description, position
CATEGORIES = [
    ("hoat-dong", "Hoạt động của Sở", "Tin tức về hoạt động của Sở Tư pháp và các đơn vị trực thuộc.", 1),
    (
        "pho-bien-giao-duc-phap-luat",
        "Phổ biến, giáo dục pháp luật",
        "Tuyên truyền, phổ biến chính sách, pháp luật mới đến Nhân dân.",
        2,
    ),
    (
        "hoi-dap-phap-luat",
        "Hỏi đáp pháp luật",
        "Giải đáp các câu hỏi pháp luật thường gặp của người dân và doanh nghiệp.",
        3,
    ),
    (
        "cai-cach-hanh-chinh",
        "Cải cách hành chính",
        "Cải cách thủ tục hành chính, chuyển đổi số, một cửa liên thông.",
        4,
    ),
    (
        "bo-tro-tu-phap",
        "Bổ trợ tư pháp",
        "Công chứng, luật sư, đấu giá tài sản, giám định tư pháp, trọng tài thương mại.",
        5,
    ),
    ("ho-tich", "Hộ tịch, chứng thực", "Đăng ký hộ tịch, chứng thực, quốc tịch, lý lịch tư pháp.", 6),
]

# category slug, title, lead, paragraphs
ARTICLES: list[tuple[str, str, str, list[str]]] = [
    (
        "hoat-dong",
        "Sở Tư pháp tổng kết công tác tư pháp năm và triển khai nhiệm vụ năm mới",
        (
            "Hội nghị đánh giá kết quả nổi bật trong công tác xây dựng, kiểm tra văn bản, phổ biến pháp luật và giải "
            "quyết thủ tục hành chính."
        ),
        [
            (
                "Sáng nay, Sở Tư pháp tổ chức hội nghị tổng kết công tác tư pháp với sự tham dự của lãnh đạo các "
                "phòng, đơn vị thuộc Sở và đại diện Phòng Tư pháp các huyện, thị xã, thành phố."
            ),
            (
                "Theo báo cáo, trong năm Sở đã thẩm định 96 dự thảo văn bản quy phạm pháp luật, tiếp nhận và giải "
                "quyết hơn 6.500 hồ sơ thủ tục hành chính, tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 99%."
            ),
            (
                "Phát biểu chỉ đạo, Giám đốc Sở Phạm Văn Hải đề nghị các đơn vị tiếp tục đẩy mạnh chuyển đổi số, nâng "
                "cao chất lượng thẩm định văn bản và tăng cường kiểm tra việc thi hành pháp luật tại cơ sở."
            ),
        ],
    ),
    (
        "hoat-dong",
        "Hội nghị sơ kết công tác tư pháp quý I",
        "Sở Tư pháp đánh giá kết quả thực hiện nhiệm vụ quý I và đề ra giải pháp cho các tháng tiếp theo.",
        [
            (
                "Trong quý I, Sở đã tiếp nhận 1.635 hồ sơ thủ tục hành chính, trong đó phần lớn là hồ sơ cấp phiếu lý "
                "lịch tư pháp; 11 hồ sơ giải quyết trễ hạn đã được xin lỗi người dân theo quy định."
            ),
            (
                "Công tác thẩm định được thực hiện chặt chẽ với 22 dự thảo văn bản được thẩm định đúng thời hạn. Công "
                "tác rà soát, hệ thống hóa văn bản tiếp tục được duy trì thường xuyên."
            ),
            (
                "Hội nghị thống nhất tập trung khắc phục nguyên nhân trễ hạn, tăng cường phối hợp với cơ quan công an "
                "trong xác minh lý lịch tư pháp."
            ),
        ],
    ),
    (
        "hoat-dong",
        "Đoàn kiểm tra liên ngành làm việc về công tác hòa giải ở cơ sở tại huyện Tuy Phong",
        "Đoàn kiểm tra ghi nhận nhiều mô hình hòa giải hiệu quả tại các thôn, khu phố ven biển.",
        [
            (
                "Đoàn kiểm tra do lãnh đạo Sở Tư pháp làm trưởng đoàn đã làm việc với Ủy ban nhân dân huyện Tuy Phong "
                "và một số xã về việc thực hiện Luật Hòa giải ở cơ sở."
            ),
            (
                "Qua kiểm tra, tỷ lệ hòa giải thành tại địa bàn đạt khá cao; nhiều tổ hòa giải có sự tham gia của "
                "người có uy tín trong cộng đồng ngư dân, góp phần giữ gìn đoàn kết ở khu dân cư."
            ),
            (
                "Đoàn đề nghị địa phương quan tâm bồi dưỡng kỹ năng cho hòa giải viên và bảo đảm kinh phí hỗ trợ theo "
                "quy định."
            ),
        ],
    ),
    (
        "hoat-dong",
        "Sở Tư pháp tập huấn nghiệp vụ thẩm định văn bản quy phạm pháp luật",
        "Hơn 80 công chức làm công tác pháp chế của các sở, ngành tham dự lớp tập huấn.",
        [
            (
                "Nội dung tập huấn tập trung vào quy trình thẩm định, những lỗi thường gặp về thẩm quyền ban hành, "
                "hình thức văn bản và kỹ thuật trình bày."
            ),
            (
                "Báo cáo viên đã phân tích các tình huống thực tiễn, hướng dẫn cách lập hồ sơ đề nghị thẩm định đầy "
                "đủ để rút ngắn thời gian xử lý."
            ),
            "Các học viên đánh giá lớp tập huấn thiết thực, giúp nâng cao chất lượng dự thảo ngay từ khâu soạn thảo.",
        ],
    ),
    (
        "hoat-dong",
        "Ký kết quy chế phối hợp giữa Sở Tư pháp và Công an tỉnh trong cấp phiếu lý lịch tư pháp",
        "Quy chế nhằm rút ngắn thời gian tra cứu, xác minh thông tin lý lịch tư pháp của công dân.",
        [
            (
                "Theo quy chế, việc trao đổi thông tin được thực hiện chủ yếu qua môi trường điện tử; thời hạn phản "
                "hồi kết quả tra cứu được quy định cụ thể cho từng trường hợp."
            ),
            (
                "Hai bên thống nhất cử đầu mối phối hợp, định kỳ sáu tháng đánh giá kết quả và kịp thời tháo gỡ vướng "
                "mắc phát sinh."
            ),
            "Việc ký kết được kỳ vọng góp phần giảm số hồ sơ trễ hạn, nâng cao sự hài lòng của người dân.",
        ],
    ),
    (
        "hoat-dong",
        "Sở Tư pháp tiếp và làm việc với đoàn công tác của Bộ Tư pháp",
        "Đoàn công tác khảo sát tình hình thi hành pháp luật về xử lý vi phạm hành chính tại địa phương.",
        [
            (
                "Tại buổi làm việc, Sở Tư pháp đã báo cáo kết quả theo dõi tình hình thi hành pháp luật, những khó "
                "khăn trong việc áp dụng các quy định về xử phạt vi phạm hành chính."
            ),
            (
                "Đoàn công tác ghi nhận các kiến nghị của địa phương và cho biết sẽ tổng hợp, báo cáo Bộ xem xét "
                "trong quá trình hoàn thiện thể chế."
            ),
        ],
    ),
    (
        "hoat-dong",
        "Chi bộ Sở Tư pháp tổ chức sinh hoạt chuyên đề về đạo đức công vụ",
        "Buổi sinh hoạt nhấn mạnh tinh thần phục vụ Nhân dân của công chức làm việc tại bộ phận một cửa.",
        [
            (
                "Các đảng viên đã trao đổi về những tình huống thực tế khi tiếp nhận hồ sơ, cách hướng dẫn người dân "
                "tận tình, đúng quy định."
            ),
            (
                "Chi bộ thống nhất tiếp tục thực hiện việc công khai số điện thoại đường dây nóng và tiếp nhận phản "
                "ánh, kiến nghị của người dân."
            ),
        ],
    ),
    (
        "hoat-dong",
        "Sở Tư pháp triển khai kế hoạch kiểm tra văn bản quy phạm pháp luật cấp huyện",
        "Việc kiểm tra được thực hiện theo hình thức tự kiểm tra kết hợp kiểm tra trực tiếp tại một số địa phương.",
        [
            (
                "Theo kế hoạch, các huyện, thị xã, thành phố tự kiểm tra văn bản do Hội đồng nhân dân, Ủy ban nhân "
                "dân cùng cấp ban hành và gửi báo cáo về Sở."
            ),
            (
                "Sở sẽ kiểm tra trực tiếp tại ba địa phương, tập trung vào văn bản liên quan đến đất đai, phí, lệ phí "
                "và tổ chức bộ máy."
            ),
        ],
    ),
    (
        "hoat-dong",
        "Trung tâm Trợ giúp pháp lý nhà nước tổ chức trợ giúp pháp lý lưu động tại xã đảo",
        "Hơn 120 lượt người dân được tư vấn miễn phí về đất đai, hôn nhân gia đình và chính sách cho ngư dân.",
        [
            (
                "Đợt trợ giúp pháp lý lưu động được tổ chức tại huyện đảo Phú Quý, với sự tham gia của trợ giúp viên "
                "pháp lý và luật sư cộng tác viên."
            ),
            (
                "Ngoài tư vấn trực tiếp, đoàn còn phát tờ gấp giới thiệu quyền được trợ giúp pháp lý của người nghèo, "
                "người có công với cách mạng, người dân tộc thiểu số cư trú ở vùng có điều kiện kinh tế - xã hội đặc "
                "biệt khó khăn."
            ),
        ],
    ),
    (
        "hoat-dong",
        "Sở Tư pháp tổ chức hội thi tìm hiểu pháp luật trực tuyến",
        "Cuộc thi thu hút hơn 15.000 lượt người tham gia trên toàn tỉnh.",
        [
            (
                "Cuộc thi gồm các câu hỏi trắc nghiệm về Hiến pháp, pháp luật về phòng, chống bạo lực gia đình, an "
                "toàn giao thông và bảo vệ môi trường."
            ),
            (
                "Ban tổ chức đã trao giải cho các cá nhân và tập thể có nhiều người tham gia, đồng thời biểu dương "
                "các đơn vị làm tốt công tác tuyên truyền."
            ),
        ],
    ),
    (
        "hoat-dong",
        "Tổng kết năm năm thực hiện đề án tuyên truyền pháp luật cho người lao động trong doanh nghiệp",
        "Đề án đã góp phần nâng cao hiểu biết pháp luật lao động, bảo hiểm xã hội cho người lao động.",
        [
            (
                "Trong năm năm, các cơ quan chức năng đã phối hợp với doanh nghiệp tổ chức hàng trăm buổi tuyên "
                "truyền tại khu công nghiệp và cơ sở sản xuất."
            ),
            (
                "Hội nghị khen thưởng nhiều tập thể, cá nhân có thành tích tiêu biểu và đề xuất tiếp tục duy trì hình "
                "thức đối thoại chính sách tại doanh nghiệp."
            ),
        ],
    ),
    (
        "hoat-dong",
        "Sở Tư pháp đón nhận chứng nhận hệ thống quản lý chất lượng",
        "Quy trình giải quyết thủ tục hành chính được chuẩn hóa theo tiêu chuẩn quản lý chất lượng.",
        [
            (
                "Việc áp dụng hệ thống quản lý chất lượng giúp các phòng chuyên môn phân định rõ trách nhiệm ở từng "
                "bước, thuận tiện cho việc theo dõi, đánh giá."
            ),
            "Sở sẽ tiếp tục rà soát, cập nhật quy trình nội bộ khi có thay đổi về thủ tục hành chính.",
        ],
    ),
    (
        "hoat-dong",
        "Giao ban công tác tư pháp cơ sở sáu tháng đầu năm",
        "Lãnh đạo Sở đề nghị Phòng Tư pháp cấp huyện chú trọng đăng ký hộ tịch trực tuyến.",
        [
            (
                "Tại buổi giao ban, các địa phương báo cáo tình hình đăng ký khai sinh, kết hôn, khai tử và chứng "
                "thực; một số nơi còn tồn tại hồ sơ nộp trực tuyến chưa được xử lý kịp thời."
            ),
            (
                "Sở đề nghị các địa phương phân công công chức theo dõi thường xuyên hệ thống, phản hồi người dân "
                "trong thời hạn quy định."
            ),
        ],
    ),
    (
        "hoat-dong",
        "Sở Tư pháp phát động phong trào thi đua chào mừng Ngày Pháp luật Việt Nam",
        "Phong trào hướng đến các hoạt động thiết thực nhân Ngày Pháp luật Việt Nam 9/11.",
        [
            (
                "Các đơn vị thuộc Sở đăng ký những công trình, sáng kiến cụ thể như số hóa hồ sơ lưu trữ, xây dựng bộ "
                "câu hỏi đáp pháp luật và tổ chức tuyên truyền lưu động."
            ),
            "Kết quả phong trào là căn cứ để xét khen thưởng cuối năm.",
        ],
    ),
    (
        "hoat-dong",
        "Lãnh đạo Sở tiếp công dân định kỳ tháng 10",
        "Buổi tiếp công dân tiếp nhận bốn lượt phản ánh, chủ yếu liên quan đến chứng thực và thừa kế.",
        [
            (
                "Giám đốc Sở đã trực tiếp lắng nghe, giải thích quy định pháp luật liên quan và giao các phòng chuyên "
                "môn xem xét, trả lời bằng văn bản."
            ),
            "Sở duy trì lịch tiếp công dân định kỳ vào ngày 15 hằng tháng tại trụ sở cơ quan.",
        ],
    ),
    (
        "hoat-dong",
        "Hội nghị tập huấn công tác bồi thường nhà nước",
        "Cán bộ các sở, ngành và Ủy ban nhân dân cấp huyện được hướng dẫn quy trình giải quyết yêu cầu bồi thường.",
        [
            (
                "Nội dung tập huấn gồm phạm vi trách nhiệm bồi thường của Nhà nước, thủ tục thụ lý, xác minh thiệt "
                "hại và thương lượng việc bồi thường."
            ),
            "Học viên được thảo luận các tình huống cụ thể phát sinh trong hoạt động quản lý hành chính.",
        ],
    ),
    (
        "pho-bien-giao-duc-phap-luat",
        "Những điểm mới của Luật Đất đai năm 2024 người dân cần biết",
        (
            "Luật Đất đai năm 2024 có hiệu lực từ ngày 01/8/2024 với nhiều quy định mới về bảng giá đất, cấp giấy "
            "chứng nhận và bồi thường khi thu hồi đất."
        ),
        [
            (
                "Một trong những điểm mới là bảng giá đất được xây dựng định kỳ hằng năm, áp dụng từ ngày 01 tháng 01 "
                "của năm, thay cho chu kỳ năm năm trước đây."
            ),
            (
                "Luật mở rộng các trường hợp được cấp giấy chứng nhận quyền sử dụng đất đối với đất không có giấy tờ, "
                "đồng thời quy định rõ hơn quyền của người sử dụng đất."
            ),
            (
                "Người dân nên tìm hiểu kỹ các quy định trước khi thực hiện giao dịch, và liên hệ cơ quan tài nguyên "
                "và môi trường hoặc tổ chức hành nghề công chứng khi cần hướng dẫn."
            ),
        ],
    ),
    (
        "pho-bien-giao-duc-phap-luat",
        "Tuyên truyền Luật Phòng, chống bạo lực gia đình đến hội viên phụ nữ",
        "Buổi tuyên truyền giúp hội viên nhận diện các hành vi bạo lực gia đình và biện pháp bảo vệ nạn nhân.",
        [
            (
                "Luật Phòng, chống bạo lực gia đình năm 2022 quy định nhiều hành vi bạo lực gia đình, bao gồm cả hành "
                "vi kiểm soát thu nhập, cô lập, xúc phạm danh dự của thành viên gia đình."
            ),
            (
                "Người bị bạo lực gia đình có quyền yêu cầu cơ quan, người có thẩm quyền áp dụng biện pháp ngăn chặn, "
                "bảo vệ, được bố trí nơi tạm lánh và được trợ giúp pháp lý."
            ),
            (
                "Báo cáo viên khuyến khích người dân kịp thời báo tin cho trưởng thôn, công an xã hoặc gọi đường dây "
                "nóng khi phát hiện hành vi bạo lực."
            ),
        ],
    ),
    (
        "pho-bien-giao-duc-phap-luat",
        "Không lái xe sau khi đã uống rượu, bia",
        "Pháp luật nghiêm cấm điều khiển phương tiện giao thông mà trong máu hoặc hơi thở có nồng độ cồn.",
        [
            (
                "Luật Phòng, chống tác hại của rượu, bia năm 2019 cấm hành vi điều khiển phương tiện giao thông mà "
                "trong máu hoặc hơi thở có nồng độ cồn; quy định này áp dụng với mọi loại phương tiện, kể cả xe đạp "
                "điện."
            ),
            (
                "Người vi phạm có thể bị phạt tiền, tước quyền sử dụng giấy phép lái xe và tạm giữ phương tiện; gây "
                "tai nạn có thể bị truy cứu trách nhiệm hình sự."
            ),
            "Mỗi người hãy tự giác chấp hành, nhắc nhở người thân không lái xe khi đã uống rượu, bia.",
        ],
    ),
    (
        "pho-bien-giao-duc-phap-luat",
        "Ngày Pháp luật Việt Nam: học tập và làm theo pháp luật",
        "Ngày 9/11 hằng năm là Ngày Pháp luật nước Cộng hòa xã hội chủ nghĩa Việt Nam.",
        [
            (
                "Ngày Pháp luật được tổ chức nhằm tôn vinh Hiến pháp, pháp luật và giáo dục ý thức thượng tôn pháp "
                "luật cho mọi người trong xã hội."
            ),
            (
                "Năm nay, các cơ quan, đơn vị trên địa bàn tỉnh tổ chức nhiều hoạt động hưởng ứng như tọa đàm, thi "
                "tìm hiểu pháp luật, treo băng rôn, phát tờ gấp và tuyên truyền trên hệ thống truyền thanh cơ sở."
            ),
        ],
    ),
    (
        "pho-bien-giao-duc-phap-luat",
        "Phổ biến pháp luật về khai thác hải sản cho ngư dân",
        (
            "Ngư dân được hướng dẫn các quy định về nhật ký khai thác, thiết bị giám sát hành trình và phòng, chống "
            "khai thác bất hợp pháp."
        ),
        [
            "Buổi tuyên truyền được tổ chức tại cảng cá với sự phối hợp của Bộ đội Biên phòng và cơ quan thủy sản.",
            (
                "Ngư dân được nhắc nhở luôn duy trì hoạt động của thiết bị giám sát hành trình, không vượt ranh giới "
                "vùng biển, ghi chép nhật ký khai thác đầy đủ để bảo đảm truy xuất nguồn gốc sản phẩm."
            ),
            (
                "Việc tuân thủ pháp luật không chỉ tránh bị xử phạt mà còn góp phần bảo vệ uy tín hải sản Việt Nam "
                "trên thị trường quốc tế."
            ),
        ],
    ),
    (
        "pho-bien-giao-duc-phap-luat",
        "Tuyên truyền pháp luật về phòng, chống lừa đảo qua mạng",
        "Các thủ đoạn giả danh cơ quan nhà nước, giả mạo tin nhắn ngân hàng ngày càng tinh vi.",
        [
            (
                "Người dân cần cảnh giác với các cuộc gọi tự xưng là công an, viện kiểm sát, tòa án yêu cầu chuyển "
                "tiền hoặc cung cấp mã xác thực; cơ quan nhà nước không làm việc với công dân qua điện thoại theo "
                "cách này."
            ),
            (
                "Không truy cập đường dẫn lạ, không cài đặt ứng dụng không rõ nguồn gốc, không cung cấp thông tin tài "
                "khoản cho người khác."
            ),
            (
                "Khi nghi ngờ bị lừa đảo, hãy liên hệ ngay ngân hàng để phong tỏa tài khoản và trình báo cơ quan công "
                "an gần nhất."
            ),
        ],
    ),
    (
        "pho-bien-giao-duc-phap-luat",
        "Đưa pháp luật đến với đồng bào dân tộc thiểu số huyện Bắc Bình",
        "Tài liệu tuyên truyền được biên soạn ngắn gọn, có hình ảnh minh họa, phù hợp với từng nhóm đối tượng.",
        [
            (
                "Nội dung tuyên truyền tập trung vào pháp luật về hôn nhân và gia đình, phòng, chống tảo hôn, bảo vệ "
                "rừng và các chính sách hỗ trợ đồng bào dân tộc thiểu số."
            ),
            (
                "Cán bộ tư pháp xã và người có uy tín trong cộng đồng cùng tham gia giải thích, trả lời các câu hỏi "
                "của bà con."
            ),
        ],
    ),
    (
        "pho-bien-giao-duc-phap-luat",
        "Một số điểm mới của Luật Căn cước",
        "Luật Căn cước năm 2023 có hiệu lực từ ngày 01/7/2024, thẻ căn cước thay thế thẻ căn cước công dân.",
        [
            (
                "Thẻ căn cước được cấp cho công dân Việt Nam; công dân từ đủ 14 tuổi trở lên phải thực hiện thủ tục "
                "cấp thẻ, công dân dưới 14 tuổi được cấp thẻ theo nhu cầu."
            ),
            (
                "Thẻ căn cước công dân đã cấp vẫn có giá trị sử dụng đến hết thời hạn in trên thẻ. Người dân không "
                "bắt buộc phải đổi sang thẻ căn cước khi thẻ cũ còn hạn, trừ một số trường hợp luật định."
            ),
        ],
    ),
    (
        "pho-bien-giao-duc-phap-luat",
        "Tuyên truyền pháp luật trong trường học: phòng, chống bạo lực học đường",
        "Học sinh được trang bị kiến thức để nhận biết và ứng xử đúng khi gặp bạo lực học đường.",
        [
            (
                "Thông qua các tiểu phẩm và tình huống giả định, học sinh hiểu rằng hành vi đánh nhau, quay clip bêu "
                "xấu bạn bè trên mạng xã hội có thể bị xử lý kỷ luật, xử phạt hành chính, thậm chí truy cứu trách "
                "nhiệm hình sự."
            ),
            "Nhà trường khuyến khích học sinh chia sẻ với giáo viên chủ nhiệm, cha mẹ khi bị bắt nạt.",
        ],
    ),
    (
        "pho-bien-giao-duc-phap-luat",
        "Phát huy vai trò của tủ sách pháp luật ở xã, phường",
        "Tủ sách pháp luật điện tử giúp người dân tra cứu văn bản mọi lúc, mọi nơi.",
        [
            (
                "Bên cạnh tủ sách truyền thống tại trụ sở Ủy ban nhân dân cấp xã, nhiều địa phương đã đưa tài liệu "
                "pháp luật lên trang thông tin điện tử và mạng xã hội."
            ),
            (
                "Sở Tư pháp đề nghị các địa phương thường xuyên cập nhật văn bản mới, loại bỏ tài liệu đã hết hiệu "
                "lực để tránh gây nhầm lẫn."
            ),
        ],
    ),
    (
        "pho-bien-giao-duc-phap-luat",
        "Phổ biến Bộ luật Lao động cho công nhân khu công nghiệp",
        "Người lao động được giải đáp về hợp đồng lao động, thời giờ làm việc và quyền đơn phương chấm dứt hợp đồng.",
        [
            (
                "Báo cáo viên giới thiệu các loại hợp đồng lao động, quy định về thời gian thử việc, tiền lương làm "
                "thêm giờ và chế độ nghỉ hằng năm."
            ),
            (
                "Nhiều công nhân quan tâm đến quyền nghỉ việc: với hợp đồng không xác định thời hạn, người lao động "
                "có quyền đơn phương chấm dứt nhưng phải báo trước ít nhất 45 ngày, trừ các trường hợp luật cho phép "
                "không cần báo trước."
            ),
        ],
    ),
    (
        "pho-bien-giao-duc-phap-luat",
        "Hòa giải ở cơ sở: giữ tình làng, nghĩa xóm",
        "Nhiều mâu thuẫn nhỏ về ranh giới đất, lối đi chung được hòa giải thành ngay tại thôn.",
        [
            (
                "Theo Luật Hòa giải ở cơ sở, hòa giải viên giúp các bên tự nguyện thỏa thuận giải quyết mâu thuẫn, "
                "tranh chấp nhỏ, trên cơ sở tôn trọng sự tự nguyện và phù hợp với pháp luật, đạo đức xã hội."
            ),
            "Hòa giải thành giúp tiết kiệm thời gian, chi phí cho người dân và giữ gìn đoàn kết trong cộng đồng.",
        ],
    ),
    (
        "hoi-dap-phap-luat",
        "Hỏi: Thời hạn đăng ký khai sinh cho con là bao lâu?",
        "Gia đình tôi vừa sinh cháu được ba tuần. Xin hỏi thời hạn làm giấy khai sinh cho cháu?",
        [
            (
                "Trả lời: Theo Luật Hộ tịch năm 2014, trong thời hạn 60 ngày kể từ ngày sinh con, cha hoặc mẹ có "
                "trách nhiệm đăng ký khai sinh cho con; trường hợp cha, mẹ không thể đăng ký thì ông, bà hoặc người "
                "thân thích khác, cá nhân, tổ chức đang nuôi dưỡng trẻ em có trách nhiệm đăng ký."
            ),
            (
                "Bạn có thể nộp hồ sơ trực tuyến trên Cổng Dịch vụ công hoặc trực tiếp tại Ủy ban nhân dân cấp xã nơi "
                "cư trú của cha hoặc mẹ. Hồ sơ gồm tờ khai và giấy chứng sinh do cơ sở y tế cấp."
            ),
        ],
    ),
    (
        "hoi-dap-phap-luat",
        "Hỏi: Độ tuổi được kết hôn theo quy định hiện hành?",
        "Em gái tôi năm nay 17 tuổi 10 tháng, muốn đăng ký kết hôn. Xin hỏi như vậy có được không?",
        [
            (
                "Trả lời: Theo Luật Hôn nhân và gia đình năm 2014, nam từ đủ 20 tuổi trở lên, nữ từ đủ 18 tuổi trở "
                "lên mới đủ điều kiện về độ tuổi kết hôn."
            ),
            (
                "Như vậy em gái bạn chưa đủ tuổi kết hôn. Việc lấy vợ, lấy chồng khi một bên hoặc cả hai bên chưa đủ "
                "tuổi là tảo hôn, bị pháp luật nghiêm cấm."
            ),
        ],
    ),
    (
        "hoi-dap-phap-luat",
        "Hỏi: Phiếu lý lịch tư pháp số 1 và số 2 khác nhau thế nào?",
        "Tôi cần phiếu lý lịch tư pháp để bổ sung hồ sơ xin việc. Nên xin phiếu số 1 hay số 2?",
        [
            (
                "Trả lời: Phiếu lý lịch tư pháp số 1 cấp cho cá nhân, cơ quan, tổ chức; chỉ ghi các án tích chưa được "
                "xóa. Phiếu số 2 cấp cho cơ quan tiến hành tố tụng hoặc theo yêu cầu của chính cá nhân, ghi đầy đủ "
                "các án tích, kể cả án tích đã được xóa."
            ),
            (
                "Đối với hồ sơ xin việc, thông thường đơn vị tuyển dụng yêu cầu phiếu số 1. Bạn có thể nộp hồ sơ tại "
                "Sở Tư pháp hoặc trực tuyến; thời hạn cấp phiếu không quá 10 ngày kể từ ngày nhận đủ hồ sơ hợp lệ, "
                "một số trường hợp cần xác minh có thể kéo dài hơn theo luật định."
            ),
        ],
    ),
    (
        "hoi-dap-phap-luat",
        "Hỏi: Giấy xác nhận tình trạng hôn nhân có giá trị bao lâu?",
        "Tôi xin giấy xác nhận tình trạng hôn nhân để làm thủ tục vay vốn ngân hàng. Giấy này dùng được trong bao lâu?",
        [
            (
                "Trả lời: Theo Nghị định số 123/2015/NĐ-CP, giấy xác nhận tình trạng hôn nhân có giá trị 6 tháng kể "
                "từ ngày cấp và được sử dụng đúng mục đích ghi trên giấy."
            ),
            (
                "Nếu bạn cần dùng cho mục đích khác, ví dụ để đăng ký kết hôn, thì phải xin cấp giấy mới ghi đúng mục "
                "đích đó."
            ),
        ],
    ),
    (
        "hoi-dap-phap-luat",
        "Hỏi: Ai được trợ giúp pháp lý miễn phí?",
        (
            "Mẹ tôi là người cao tuổi, thuộc hộ cận nghèo, đang có tranh chấp đất đai. Mẹ tôi có được luật sư giúp "
            "miễn phí không?"
        ),
        [
            (
                "Trả lời: Luật Trợ giúp pháp lý năm 2017 quy định người được trợ giúp pháp lý gồm người có công với "
                "cách mạng, người thuộc hộ nghèo, trẻ em, người dân tộc thiểu số cư trú ở vùng có điều kiện kinh tế - "
                "xã hội đặc biệt khó khăn, và một số đối tượng có khó khăn về tài chính như người cao tuổi, người "
                "khuyết tật, người thuộc hộ cận nghèo."
            ),
            (
                "Mẹ bạn có thể liên hệ Trung tâm Trợ giúp pháp lý nhà nước của tỉnh hoặc chi nhánh gần nhất, mang "
                "theo giấy tờ chứng minh thuộc diện được trợ giúp và các tài liệu liên quan đến vụ việc."
            ),
        ],
    ),
    (
        "hoi-dap-phap-luat",
        "Hỏi: Di chúc miệng có hợp pháp không?",
        (
            "Ông tôi trước khi mất có dặn lại việc chia đất trước mặt mọi người trong nhà. Di chúc như vậy có giá trị "
            "không?"
        ),
        [
            (
                "Trả lời: Theo Bộ luật Dân sự năm 2015, trường hợp tính mạng một người bị cái chết đe dọa và không "
                "thể lập di chúc bằng văn bản thì có thể lập di chúc miệng."
            ),
            (
                "Di chúc miệng hợp pháp khi người di chúc thể hiện ý chí cuối cùng trước mặt ít nhất hai người làm "
                "chứng, người làm chứng ghi chép lại, cùng ký tên hoặc điểm chỉ, và trong 5 ngày làm việc phải được "
                "công chứng hoặc chứng thực xác nhận chữ ký, điểm chỉ của người làm chứng."
            ),
            (
                "Sau 3 tháng kể từ thời điểm di chúc miệng mà người di chúc còn sống, minh mẫn thì di chúc miệng mặc "
                "nhiên bị hủy bỏ."
            ),
        ],
    ),
    (
        "hoi-dap-phap-luat",
        "Hỏi: Thời hiệu yêu cầu chia di sản thừa kế là bao lâu?",
        "Bố mẹ tôi mất đã lâu, để lại nhà đất chưa chia. Anh em tôi có còn quyền yêu cầu chia không?",
        [
            (
                "Trả lời: Theo Điều 623 Bộ luật Dân sự năm 2015, thời hiệu để người thừa kế yêu cầu chia di sản là 30 "
                "năm đối với bất động sản và 10 năm đối với động sản, kể từ thời điểm mở thừa kế."
            ),
            (
                "Hết thời hạn này thì di sản thuộc về người thừa kế đang quản lý di sản. Gia đình bạn nên thỏa thuận "
                "phân chia và lập văn bản tại tổ chức hành nghề công chứng để làm thủ tục sang tên."
            ),
        ],
    ),
    (
        "hoi-dap-phap-luat",
        "Hỏi: Đăng ký khai tử trong thời hạn nào?",
        "Bà nội tôi vừa mất tại nhà. Gia đình cần làm thủ tục khai tử trong bao lâu?",
        [
            (
                "Trả lời: Theo Luật Hộ tịch năm 2014, trong thời hạn 15 ngày kể từ ngày có người chết, vợ, chồng hoặc "
                "con, cha, mẹ hoặc người thân thích khác của người chết có trách nhiệm đi đăng ký khai tử."
            ),
            (
                "Gia đình nộp tờ khai và giấy báo tử hoặc giấy tờ thay thế giấy báo tử tại Ủy ban nhân dân cấp xã nơi "
                "cư trú cuối cùng của người chết."
            ),
        ],
    ),
    (
        "hoi-dap-phap-luat",
        "Hỏi: Con 10 tuổi muốn đổi tên thì cần điều kiện gì?",
        "Vợ chồng tôi muốn đổi tên cho con trai 10 tuổi vì tên hiện tại gây khó khăn cho cháu ở trường.",
        [
            (
                "Trả lời: Theo Bộ luật Dân sự năm 2015, cá nhân có quyền yêu cầu thay đổi tên trong một số trường "
                "hợp, trong đó có trường hợp việc sử dụng tên gây nhầm lẫn, ảnh hưởng đến tình cảm gia đình, danh dự, "
                "quyền và lợi ích hợp pháp của người đó."
            ),
            (
                "Việc thay đổi tên của người từ đủ 9 tuổi trở lên phải có sự đồng ý của người đó. Vì vậy, khi làm thủ "
                "tục tại Ủy ban nhân dân cấp xã, cần có ý kiến đồng ý của cháu."
            ),
        ],
    ),
    (
        "hoi-dap-phap-luat",
        "Hỏi: Người dưới 16 tuổi phạm tội có phải chịu trách nhiệm hình sự?",
        "Cháu tôi 15 tuổi, tham gia đánh nhau gây thương tích. Xin hỏi cháu có bị xử lý hình sự không?",
        [
            (
                "Trả lời: Theo Bộ luật Hình sự, người từ đủ 16 tuổi trở lên phải chịu trách nhiệm hình sự về mọi tội "
                "phạm, trừ trường hợp luật có quy định khác. Người từ đủ 14 tuổi đến dưới 16 tuổi chỉ phải chịu trách "
                "nhiệm hình sự về tội phạm rất nghiêm trọng, đặc biệt nghiêm trọng đối với một số tội được liệt kê."
            ),
            (
                "Việc cháu có bị xử lý hình sự hay không phụ thuộc vào tính chất, mức độ thương tích và kết luận của "
                "cơ quan tiến hành tố tụng. Gia đình nên liên hệ luật sư hoặc Trung tâm Trợ giúp pháp lý để được hỗ "
                "trợ, vì người dưới 18 tuổi bị buộc tội thuộc diện được trợ giúp pháp lý."
            ),
        ],
    ),
    (
        "hoi-dap-phap-luat",
        "Hỏi: Chứng thực bản sao có cần mang bản chính không?",
        "Tôi cần chứng thực bản sao bằng tốt nghiệp để nộp hồ sơ. Có cần mang bản chính không?",
        [
            (
                "Trả lời: Theo Nghị định số 23/2015/NĐ-CP, khi yêu cầu chứng thực bản sao từ bản chính, người yêu cầu "
                "phải xuất trình bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao."
            ),
            (
                "Bạn có thể yêu cầu chứng thực tại Ủy ban nhân dân cấp xã, Phòng Tư pháp cấp huyện hoặc tổ chức hành "
                "nghề công chứng; việc chứng thực được thực hiện trong ngày nếu nộp trước 15 giờ."
            ),
        ],
    ),
    (
        "hoi-dap-phap-luat",
        "Hỏi: Đăng ký kết hôn mất bao lâu?",
        "Chúng tôi dự định đăng ký kết hôn vào tuần tới. Thủ tục có nhanh không?",
        [
            (
                "Trả lời: Theo Luật Hộ tịch, ngay sau khi nhận đủ giấy tờ và thấy đủ điều kiện kết hôn, công chức tư "
                "pháp - hộ tịch báo cáo Chủ tịch Ủy ban nhân dân cấp xã; hai bên nam, nữ cùng có mặt ký vào sổ hộ "
                "tịch và giấy chứng nhận kết hôn."
            ),
            "Trường hợp cần xác minh điều kiện kết hôn thì thời hạn giải quyết không quá 5 ngày làm việc.",
        ],
    ),
    (
        "cai-cach-hanh-chinh",
        "Sở Tư pháp cung cấp 100% thủ tục hành chính đủ điều kiện dưới dạng dịch vụ công trực tuyến",
        "Người dân có thể nộp hồ sơ, theo dõi tiến độ và nhận kết quả mà không cần đến trụ sở.",
        [
            (
                "Các thủ tục có số lượng hồ sơ lớn như cấp phiếu lý lịch tư pháp, chứng thực bản sao điện tử đã được "
                "cung cấp trực tuyến toàn trình."
            ),
            "Người dân tra cứu tình trạng hồ sơ bằng mã hồ sơ ghi trên giấy tiếp nhận hoặc quét mã QR.",
        ],
    ),
    (
        "cai-cach-hanh-chinh",
        "Công bố chỉ số hài lòng của người dân đối với thủ tục tư pháp",
        "Kết quả khảo sát cho thấy đa số người dân hài lòng với thái độ phục vụ tại bộ phận một cửa.",
        [
            (
                "Khảo sát được thực hiện trên cả phiếu giấy và trực tuyến, tập trung vào thời gian giải quyết, sự "
                "công khai thủ tục và thái độ của công chức."
            ),
            (
                "Một số ý kiến đề nghị giảm thêm thời gian chờ đợi khi cấp phiếu lý lịch tư pháp; Sở đã tiếp thu và "
                "điều chỉnh quy trình phối hợp."
            ),
        ],
    ),
    (
        "cai-cach-hanh-chinh",
        "Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực tư pháp",
        "Sở đề xuất cắt giảm một số thành phần hồ sơ trùng lặp khi khai thác được dữ liệu dân cư.",
        [
            (
                "Qua rà soát, nhiều giấy tờ như bản sao giấy tờ tùy thân, giấy xác nhận cư trú có thể được thay thế "
                "bằng việc khai thác Cơ sở dữ liệu quốc gia về dân cư."
            ),
            "Kết quả rà soát được báo cáo Ủy ban nhân dân tỉnh để kiến nghị cơ quan có thẩm quyền sửa đổi.",
        ],
    ),
    (
        "cai-cach-hanh-chinh",
        "Số hóa sổ hộ tịch lưu trữ",
        "Hàng trăm nghìn trang sổ hộ tịch cũ được số hóa và đưa vào cơ sở dữ liệu.",
        [
            (
                "Việc số hóa giúp tra cứu nhanh khi người dân yêu cầu cấp bản sao trích lục hộ tịch, giảm việc phải "
                "tìm kiếm thủ công trong kho lưu trữ."
            ),
            (
                "Sở Tư pháp phối hợp với các địa phương kiểm tra chất lượng dữ liệu sau số hóa, bảo đảm thông tin "
                "chính xác."
            ),
        ],
    ),
    (
        "cai-cach-hanh-chinh",
        "Hướng dẫn nộp hồ sơ cấp phiếu lý lịch tư pháp trực tuyến",
        "Các bước đơn giản để nộp hồ sơ và nhận kết quả qua bưu chính.",
        [
            (
                "Bước 1: đăng nhập Cổng Dịch vụ công bằng tài khoản định danh điện tử. Bước 2: chọn thủ tục cấp phiếu "
                "lý lịch tư pháp, điền tờ khai và chọn hình thức nhận kết quả."
            ),
            (
                "Bước 3: nộp phí trực tuyến và theo dõi tình trạng hồ sơ. Khi hồ sơ cần bổ sung, người dân sẽ nhận "
                "được thông báo qua tin nhắn hoặc thư điện tử."
            ),
        ],
    ),
    (
        "cai-cach-hanh-chinh",
        "Niêm yết công khai thủ tục hành chính tại bộ phận một cửa",
        "Mọi thủ tục đều được công khai thời hạn giải quyết, phí, lệ phí và thành phần hồ sơ.",
        [
            (
                "Người dân có thể tra cứu danh mục thủ tục tại quầy, trên cổng thông tin điện tử hoặc quét mã QR dán "
                "tại bộ phận một cửa."
            ),
            "Việc công khai giúp người dân chuẩn bị hồ sơ đầy đủ ngay lần đầu, hạn chế đi lại nhiều lần.",
        ],
    ),
    (
        "cai-cach-hanh-chinh",
        "Thực hiện xin lỗi người dân khi giải quyết hồ sơ trễ hạn",
        "Mỗi hồ sơ trễ hạn đều có văn bản xin lỗi và hẹn lại thời gian trả kết quả.",
        [
            (
                "Theo quy định về cơ chế một cửa, một cửa liên thông, cơ quan giải quyết hồ sơ quá hạn phải có văn "
                "bản xin lỗi người dân, nêu rõ lý do và thời hạn trả kết quả mới."
            ),
            "Sở Tư pháp công khai số hồ sơ trễ hạn hằng quý và phân tích nguyên nhân để khắc phục.",
        ],
    ),
    (
        "bo-tro-tu-phap",
        "Luật Công chứng năm 2024: những điểm người yêu cầu công chứng cần lưu ý",
        "Luật Công chứng năm 2024 có hiệu lực từ ngày 01/7/2025, từng bước triển khai công chứng điện tử.",
        [
            (
                "Luật bổ sung quy định về công chứng điện tử, tạo điều kiện cho việc thực hiện giao dịch trên môi "
                "trường số; đồng thời siết chặt điều kiện hành nghề công chứng viên."
            ),
            (
                "Người yêu cầu công chứng cần xuất trình giấy tờ tùy thân và giấy tờ về tài sản; công chứng viên có "
                "quyền từ chối nếu phát hiện giao dịch có dấu hiệu giả mạo hoặc vi phạm pháp luật."
            ),
        ],
    ),
    (
        "bo-tro-tu-phap",
        "Kiểm tra hoạt động của các tổ chức hành nghề công chứng",
        "Đoàn kiểm tra đánh giá việc lưu trữ hồ sơ, niêm yết phí và chấp hành quy định về hành nghề.",
        [
            (
                "Qua kiểm tra, các tổ chức cơ bản chấp hành tốt quy định; một số nơi còn thiếu sót trong việc ghi sổ "
                "công chứng và cập nhật thông tin vào cơ sở dữ liệu."
            ),
            "Đoàn kiểm tra yêu cầu khắc phục trong thời hạn và báo cáo kết quả về Sở Tư pháp.",
        ],
    ),
    (
        "bo-tro-tu-phap",
        "Đấu giá tài sản công khai, minh bạch",
        "Các cuộc đấu giá quyền sử dụng đất được tổ chức theo hình thức trực tuyến, thu hút đông đảo người tham gia.",
        [
            (
                "Đấu giá trực tuyến giúp hạn chế tình trạng thông đồng, dìm giá, đồng thời giảm chi phí đi lại cho "
                "người tham gia."
            ),
            (
                "Sở Tư pháp đề nghị các tổ chức đấu giá tài sản niêm yết đầy đủ thông tin và tuân thủ quy trình theo "
                "Luật Đấu giá tài sản."
            ),
        ],
    ),
    (
        "bo-tro-tu-phap",
        "Đại hội Đoàn luật sư tỉnh nhiệm kỳ mới",
        "Đại hội bầu Ban Chủ nhiệm và thông qua phương hướng hoạt động nhiệm kỳ mới.",
        [
            (
                "Trong nhiệm kỳ qua, các luật sư đã tham gia bào chữa, bảo vệ quyền lợi hợp pháp cho nhiều đương sự, "
                "trong đó có nhiều vụ việc trợ giúp pháp lý miễn phí."
            ),
            (
                "Đại hội đề ra mục tiêu nâng cao chất lượng hành nghề, tăng cường bồi dưỡng kỹ năng và đạo đức nghề "
                "nghiệp luật sư."
            ),
        ],
    ),
    (
        "bo-tro-tu-phap",
        "Giám định tư pháp: nâng cao chất lượng đội ngũ giám định viên",
        "Sở Tư pháp phối hợp các sở, ngành rà soát danh sách giám định viên tư pháp và người giám định theo vụ việc.",
        [
            "Danh sách giám định viên được công bố công khai để cơ quan tiến hành tố tụng thuận tiện trưng cầu.",
            (
                "Các ngành được đề nghị cử người có chuyên môn tham gia bồi dưỡng nghiệp vụ giám định, nhất là các "
                "lĩnh vực xây dựng, tài chính, tài nguyên và môi trường."
            ),
        ],
    ),
    (
        "bo-tro-tu-phap",
        "Hỏi đáp: Phí công chứng hợp đồng mua bán nhà đất được tính thế nào?",
        "Phí công chứng hợp đồng chuyển nhượng quyền sử dụng đất được tính theo giá trị tài sản hoặc giá trị hợp đồng.",
        [
            (
                "Mức phí được quy định theo biểu phí của Bộ Tài chính, tính theo bậc giá trị và có mức tối đa cho mỗi "
                "trường hợp."
            ),
            (
                "Ngoài phí công chứng, người yêu cầu có thể phải trả thù lao công chứng cho việc soạn thảo hợp đồng, "
                "đánh máy, in ấn theo mức đã được niêm yết tại tổ chức hành nghề công chứng."
            ),
        ],
    ),
    (
        "bo-tro-tu-phap",
        "Thừa phát lại: kênh hỗ trợ người dân lập vi bằng",
        "Vi bằng ghi nhận sự kiện, hành vi có thật, là nguồn chứng cứ trong giải quyết tranh chấp.",
        [
            (
                "Thừa phát lại lập vi bằng theo yêu cầu của cá nhân, tổ chức, ví dụ ghi nhận hiện trạng nhà trước khi "
                "cho thuê hoặc việc giao nhận tài sản."
            ),
            (
                "Người dân cần lưu ý vi bằng không thay thế văn bản công chứng, chứng thực đối với các giao dịch mà "
                "pháp luật bắt buộc phải công chứng, chứng thực."
            ),
        ],
    ),
    (
        "ho-tich",
        "Đăng ký khai sinh, thường trú, cấp thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi qua liên thông",
        "Cha mẹ chỉ cần nộp một bộ hồ sơ trực tuyến để thực hiện ba thủ tục.",
        [
            (
                "Nhóm thủ tục liên thông giúp giảm thời gian, chi phí đi lại cho người dân; kết quả được trả về tài "
                "khoản định danh điện tử hoặc qua bưu chính."
            ),
            (
                "Công chức tư pháp - hộ tịch cấp xã có trách nhiệm hướng dẫn người dân khi gặp khó khăn trong thao "
                "tác trực tuyến."
            ),
        ],
    ),
    (
        "ho-tich",
        "Những lưu ý khi trích lục bản sao giấy khai sinh",
        "Bản sao trích lục hộ tịch được cấp từ cơ sở dữ liệu hộ tịch hoặc sổ hộ tịch.",
        [
            (
                "Người dân có thể yêu cầu cấp bản sao trích lục khai sinh tại cơ quan đã đăng ký khai sinh hoặc trực "
                "tuyến nếu dữ liệu đã được số hóa."
            ),
            "Khi nộp hồ sơ, cần ghi rõ thông tin về họ tên, ngày sinh, nơi đăng ký để cơ quan tra cứu nhanh chóng.",
        ],
    ),
    (
        "ho-tich",
        "Đăng ký kết hôn có yếu tố nước ngoài tại Ủy ban nhân dân cấp xã",
        "Từ năm 2025, thẩm quyền đăng ký kết hôn có yếu tố nước ngoài được phân cấp cho cấp xã.",
        [
            (
                "Hồ sơ gồm tờ khai đăng ký kết hôn, giấy xác nhận của tổ chức y tế về việc không mắc bệnh tâm thần "
                "hoặc bệnh khác mà không có khả năng nhận thức, làm chủ hành vi, và giấy tờ chứng minh tình trạng hôn "
                "nhân của người nước ngoài."
            ),
            (
                "Giấy tờ do cơ quan nước ngoài cấp phải được hợp pháp hóa lãnh sự và dịch sang tiếng Việt, trừ trường "
                "hợp được miễn theo điều ước quốc tế."
            ),
        ],
    ),
    (
        "ho-tich",
        "Cải chính hộ tịch khi thông tin trên giấy khai sinh bị sai",
        "Sai sót do ghi chép có thể được cải chính khi có đủ căn cứ.",
        [
            (
                "Cải chính hộ tịch là việc chỉnh sửa thông tin cá nhân trong sổ hộ tịch hoặc bản chính giấy tờ hộ "
                "tịch khi có sai sót trong quá trình đăng ký."
            ),
            (
                "Người yêu cầu cần nộp tờ khai và giấy tờ làm căn cứ chứng minh thông tin đúng, như hồ sơ học tập, "
                "giấy tờ tùy thân đã được cấp hợp lệ."
            ),
        ],
    ),
    (
        "ho-tich",
        "Hướng dẫn thủ tục nhận cha, mẹ, con",
        "Việc nhận cha, mẹ, con được đăng ký tại Ủy ban nhân dân cấp xã khi không có tranh chấp.",
        [
            (
                "Người yêu cầu nộp tờ khai và chứng cứ chứng minh quan hệ cha, mẹ, con, như văn bản của cơ quan y tế, "
                "cơ quan giám định xác nhận quan hệ huyết thống."
            ),
            (
                "Trường hợp có tranh chấp hoặc người được nhận đã chết, việc xác định cha, mẹ, con thuộc thẩm quyền "
                "của Tòa án."
            ),
        ],
    ),
    (
        "ho-tich",
        "Ứng dụng chữ ký số trong chứng thực bản sao điện tử",
        "Bản sao điện tử được chứng thực từ bản chính có giá trị sử dụng thay cho bản chính trong giao dịch.",
        [
            (
                "Người dân tải lên bản chụp giấy tờ và xuất trình bản chính để đối chiếu; cơ quan chứng thực ký số và "
                "trả kết quả qua tài khoản dịch vụ công."
            ),
            (
                "Bản sao điện tử có thể được sử dụng nhiều lần khi thực hiện thủ tục hành chính trực tuyến, giúp tiết "
                "kiệm chi phí sao chụp."
            ),
        ],
    ),
    (
        "ho-tich",
        "Sở Tư pháp bàn giao nhiệm vụ cấp phiếu lý lịch tư pháp cho Công an tỉnh",
        "Từ ngày 01/3/2025, người dân nộp hồ sơ đề nghị cấp phiếu lý lịch tư pháp tại cơ quan công an.",
        [
            (
                "Chiều 28/02/2025, Sở Tư pháp và Công an tỉnh ký biên bản bàn giao hồ sơ, cơ sở dữ liệu lý lịch tư "
                "pháp và các hồ sơ đang giải quyết dở dang."
            ),
            (
                "Kể từ ngày 01/3/2025, Sở Tư pháp không tiếp nhận hồ sơ đề nghị cấp phiếu lý lịch tư pháp. Người dân "
                "liên hệ Công an tỉnh hoặc nộp trực tuyến trên Cổng Dịch vụ công theo hướng dẫn của cơ quan công an."
            ),
            (
                "Các hướng dẫn về lý lịch tư pháp đăng trước đây trên Cổng thông tin của Sở chỉ còn giá trị tham khảo "
                "về lịch sử."
            ),
        ],
    ),
    (
        "hoat-dong",
        "Sở Tư pháp tỉnh Lâm Đồng chính thức hoạt động sau hợp nhất",
        "Sở Tư pháp tỉnh Lâm Đồng mới được tổ chức trên cơ sở hợp nhất Sở Tư pháp của ba tỉnh cũ.",
        [
            (
                "Từ ngày 01/7/2025, tỉnh Lâm Đồng mới được hình thành trên cơ sở tỉnh Lâm Đồng, tỉnh Đắk Nông và tỉnh "
                "Bình Thuận; chính quyền địa phương tổ chức theo hai cấp là tỉnh và xã."
            ),
            (
                "Sở Tư pháp tỉnh Lâm Đồng tiếp nhận nhiệm vụ, hồ sơ và công chức của ba Sở Tư pháp cũ. Người dân tiếp "
                "tục nộp hồ sơ tại Trung tâm Phục vụ hành chính công tỉnh, các điểm tiếp nhận cấp xã hoặc trực tuyến."
            ),
            (
                "Trong thời gian đầu, Sở ưu tiên thống nhất quy trình nội bộ, danh mục thủ tục hành chính và hệ thống "
                "văn bản quy phạm pháp luật của ba tỉnh cũ còn hiệu lực."
            ),
        ],
    ),
    (
        "cai-cach-hanh-chinh",
        "Tiếp nhận hồ sơ thủ tục hành chính không phụ thuộc địa giới hành chính trong tỉnh",
        "Người dân có thể nộp hồ sơ thủ tục tư pháp tại bất kỳ điểm tiếp nhận nào trong tỉnh Lâm Đồng.",
        [
            (
                "Theo Nghị định số 118/2025/NĐ-CP, Trung tâm Phục vụ hành chính công tỉnh và các điểm tiếp nhận cấp xã "
                "tiếp nhận hồ sơ không phụ thuộc nơi cư trú của người nộp trong phạm vi tỉnh."
            ),
            (
                "Hồ sơ được chuyển đến Sở Tư pháp để giải quyết; kết quả được trả tại nơi người dân đã chọn khi nộp "
                "hồ sơ hoặc qua bưu chính."
            ),
        ],
    ),
    (
        "hoat-dong",
        "Tập huấn Luật Ban hành văn bản quy phạm pháp luật năm 2025 cho công chức cấp xã",
        "Công chức làm công tác tư pháp và văn phòng của các xã, phường, đặc khu trong tỉnh tham dự lớp tập huấn.",
        [
            (
                "Lớp tập huấn giới thiệu những điểm mới của Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15, "
                "được sửa đổi, bổ sung bởi Luật số 87/2025/QH15, và Nghị định số 78/2025/NĐ-CP."
            ),
            (
                "Học viên được hướng dẫn quy trình xây dựng nghị quyết của Hội đồng nhân dân và quyết định của Ủy ban "
                "nhân dân cấp xã, việc lấy ý kiến, thẩm định và đăng tải văn bản."
            ),
        ],
    ),
]

# title: the day it was published (the others: within the last months, see ``demo.load``)
PUBLISHED_ON: dict[str, dt.date] = {
    "Hội nghị sơ kết công tác tư pháp quý I": dt.date(2022, 4, 8),
    "Ký kết quy chế phối hợp giữa Sở Tư pháp và Công an tỉnh trong cấp phiếu lý lịch tư pháp": dt.date(2023, 3, 20),
    "Sở Tư pháp triển khai kế hoạch kiểm tra văn bản quy phạm pháp luật cấp huyện": dt.date(2024, 3, 12),
    "Đoàn kiểm tra liên ngành làm việc về công tác hòa giải ở cơ sở tại huyện Tuy Phong": dt.date(2024, 5, 14),
    "Đưa pháp luật đến với đồng bào dân tộc thiểu số huyện Bắc Bình": dt.date(2024, 6, 5),
    "Một số điểm mới của Luật Căn cước": dt.date(2024, 6, 20),
    "Giao ban công tác tư pháp cơ sở sáu tháng đầu năm": dt.date(2024, 7, 18),
    "Trung tâm Trợ giúp pháp lý nhà nước tổ chức trợ giúp pháp lý lưu động tại xã đảo": dt.date(2024, 8, 22),
    "Hỏi: Phiếu lý lịch tư pháp số 1 và số 2 khác nhau thế nào?": dt.date(2024, 9, 17),
    "Hội nghị tập huấn công tác bồi thường nhà nước": dt.date(2024, 10, 9),
    "Hỏi: Chứng thực bản sao có cần mang bản chính không?": dt.date(2024, 11, 20),
    "Sở Tư pháp cung cấp 100% thủ tục hành chính đủ điều kiện dưới dạng dịch vụ công trực tuyến": dt.date(2024, 12, 16),
    "Công bố chỉ số hài lòng của người dân đối với thủ tục tư pháp": dt.date(2024, 12, 27),
    "Sở Tư pháp tổng kết công tác tư pháp năm và triển khai nhiệm vụ năm mới": dt.date(2025, 1, 10),
    "Hướng dẫn nộp hồ sơ cấp phiếu lý lịch tư pháp trực tuyến": dt.date(2025, 1, 15),
    "Sở Tư pháp bàn giao nhiệm vụ cấp phiếu lý lịch tư pháp cho Công an tỉnh": dt.date(2025, 2, 28),
    "Sở Tư pháp tỉnh Lâm Đồng chính thức hoạt động sau hợp nhất": dt.date(2025, 7, 1),
    "Tiếp nhận hồ sơ thủ tục hành chính không phụ thuộc địa giới hành chính trong tỉnh": dt.date(2025, 7, 15),
    "Tập huấn Luật Ban hành văn bản quy phạm pháp luật năm 2025 cho công chức cấp xã": dt.date(2025, 9, 10),
}

# title, text, pinned, valid from (days from today), valid until (days from today, or None)
ANNOUNCEMENTS = [
    (
        "Thông báo lịch tiếp công dân của lãnh đạo Sở Tư pháp",
        (
            "Lãnh đạo Sở tiếp công dân định kỳ vào ngày 15 hằng tháng tại trụ sở Sở Tư pháp. Trường hợp trùng ngày "
            "nghỉ, lịch tiếp được chuyển sang ngày làm việc kế tiếp."
        ),
        True,
        -40,
        None,
    ),
    (
        "Thông báo về việc tạm ngừng hệ thống dịch vụ công trực tuyến của Sở để bảo trì",
        (
            "Hệ thống tạm ngừng từ 20 giờ đến 23 giờ ngày thứ Bảy để nâng cấp. Người dân vui lòng nộp hồ sơ trước "
            "hoặc sau thời gian trên."
        ),
        True,
        -2,
        5,
    ),
    (
        "Thông báo tuyển chọn hòa giải viên tiêu biểu năm nay",
        "Các địa phương gửi danh sách đề xuất về Phòng Phổ biến, giáo dục pháp luật trước ngày 30 của tháng sau.",
        False,
        -10,
        45,
    ),
    (
        "Thông báo kết quả kiểm tra hoạt động công chứng",
        (
            "Sở Tư pháp thông báo kết quả kiểm tra đối với các tổ chức hành nghề công chứng trên địa bàn tỉnh. Chi "
            "tiết xem tại bộ phận văn thư của Sở."
        ),
        False,
        -25,
        60,
    ),
    (
        "Thông báo danh sách tổ chức đấu giá tài sản đủ điều kiện",
        "Danh sách được cập nhật định kỳ và công khai tại trụ sở Sở Tư pháp.",
        False,
        -60,
        None,
    ),
    (
        "Thông báo nghỉ lễ và bố trí trực tiếp nhận hồ sơ",
        "Bộ phận một cửa bố trí công chức trực để hướng dẫn, tiếp nhận hồ sơ khẩn trong những ngày nghỉ lễ.",
        False,
        -5,
        20,
    ),
    (
        "Thông báo về việc thu hồi thẻ giám định viên tư pháp",
        (
            "Sở Tư pháp thông báo về việc thu hồi thẻ giám định viên tư pháp đối với các trường hợp đã thôi làm giám "
            "định viên."
        ),
        False,
        -120,
        -30,
    ),
    (
        "Thông báo mời tham gia cuộc thi tìm hiểu pháp luật trực tuyến",
        "Cuộc thi mở cho mọi công dân đang sinh sống, học tập và làm việc trên địa bàn tỉnh.",
        False,
        -3,
        30,
    ),
]

IMPORTED_VISITS = 1_284_315  # the old portal's counter when the new one started
