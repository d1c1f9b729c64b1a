## 训练营

cmd-camps = 查看正在招生的训练营营期
cmd-camp = 管理训练营（管理员）：reload、open、list
cmd-camp-action = 要做什么
cmd-camp-action-reload = 重新读取训练营文件
cmd-camp-action-open = 开一期：<训练营> <开营日期>
cmd-camp-action-list = 列出本社群的营期
cmd-camp-details = 该操作需要的内容
arg-action = 操作
arg-details = 内容

camps-phase-upcoming = 招生中
camps-phase-running = 进行中
camps-phase-ended = 已结束
camps-phase-closed = 已结营
camps-seats-left = { $left ->
    [0] 已满
   *[other] 剩余 { $left } 个名额
}（共 { $seats } 个）
camps-seats-open = 已报名 { $taken } 人，不限名额
camps-cohort-line = 📚 { $title } — { $cohort }：{ $start } 至 { $end }（{ $timezone }），{ $phase }；报名截止 { $until }；{ $seats }
camps-open-title = 正在招生的营期：
camps-none-open = 目前没有正在招生的营期。
camps-enrol-button = 报名 { $cohort }

camps-reloaded = 已载入 { $count } 个训练营：{ $camps }。
camps-reload-problems = 发现 { $count } 个问题，相关文件未载入：
camps-problem = • { $problem }
camps-open-usage = 请写 /camp open <训练营> <开营日期>，例如 /camp open python 2026-03-09。
camps-unknown-camp = 没有名为“{ $camp }”的训练营。现有：{ $known }。
camps-bad-start = “{ $value }”不是开营日期，请写成 YYYY-MM-DD。
camps-start-past = { $start } 已经过去了，营期只能从今天或以后开始。
camps-opened = 营期 { $cohort } 已开设。
    { $line }
    成员可用 /enroll { $cohort }（或 /camps）报名。
camps-no-cohorts = 本社群还没有营期。用 /camp open <训练营> <开营日期> 开设一期。
