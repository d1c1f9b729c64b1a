## 训练营

cmd-camps = 查看正在招生的训练营营期
cmd-camp = 管理训练营（管理员）：reload、open、list、queue、stats、export、excuse、move、remove、announce
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
camps-open-usage = 请写 /camp open <训练营> <开营日期> [tz=地区/城市] [seats=名额] [enrol=开始..截止]，例如 /camp open python 2026-03-09 tz=Asia/Shanghai seats=30 enrol=2026-03-01..2026-03-10。
camps-open-bad-option = “{ $option }”不是 /camp open 的选项：可用 tz=地区/城市、seats=名额 或 enrol=开始..截止。
camps-open-bad-timezone = “{ $value }”不是时区，请写成 Asia/Shanghai、Europe/Berlin 或 UTC 这样的形式。
camps-open-bad-seats = “{ $value }”不是名额数，请写 1 到 { $most } 之间的整数。
camps-open-bad-window = “{ $value }”不是报名时间段，请写成 开始..截止、..截止 或 开始..，日期格式为 YYYY-MM-DD。
camps-open-window-backwards = 报名时间段“{ $value }”的截止早于开始。
camps-open-window-after-start = 报名时间段“{ $value }”在开营（{ $start }）之后才开始。
camps-unknown-camp = 没有名为“{ $camp }”的训练营。现有：{ $known }。
camps-bad-start = “{ $value }”不是开营日期，请写成 YYYY-MM-DD。
camps-start-past = { $start } 已经过去了，营期只能从今天或以后开始。
camps-opened = 营期 { $cohort } 已开设。
camps-opened-how = 成员可用 /enroll { $cohort }（或 /camps）报名。
camps-no-cohorts = 本社群还没有营期。用 /camp open <训练营> <开营日期> 开设一期。

## 招生
cmd-enroll = 报名训练营营期（写营期名，或报名唯一在招生的那一期）
cmd-enroll-cohort = 营期名（见 /camps）
arg-cohort = 营期
cmd-camp-action-queue = 待审核的报名
cmd-camp-action-remove = 移除学员：@成员 [原因]

camps-unknown-cohort = 没有名为“{ $cohort }”的营期。用 /camps 查看正在招生的营期。
camps-enrol-which = 有多个营期在招生：{ $cohorts }。请写 /enroll <营期>。
camps-cohort-gone = 这个营期已不存在。
camps-enrol-closed = { $cohort } 的报名已截止（截止到 { $until }）。
camps-enrol-removed = 你已被移出 { $cohort }；如有疑问请联系组织者。
camps-enrol-already-enrolled = 你已经报名了 { $cohort }。
camps-enrol-already-auditing = 你已在 { $cohort } 中旁听。完成补课任务即可回归。
camps-enrol-already-pending = 你在 { $cohort } 的报名正在等待组织者审核。
camps-enrol-already-waiting = 你已在 { $cohort } 的候补名单上，有空位时我会通知你。
camps-enrol-other-cohort = 你已在同一训练营尚未结束的 { $other } 中，不能再报名 { $cohort }。
camps-enrol-open-direct = 我需要私信问你几个问题，但无法给你发私信：请先和我开启私聊，再重新报名。
camps-enrol-asked-privately = 我已私信你 { $cohort } 的报名步骤。
camps-ask-code = 报名 { $cohort } 需要报名口令，请发给我。
camps-ask-question = 第 { $number }/{ $count } 题：{ $question }
    { $hint }
camps-ask-choose = 请点下面的按钮作答。
camps-ask-write = 请直接在这里写下你的回答。
camps-code-wrong = 这不是 { $cohort } 的报名口令。请再试一次，或向组织者索取。
camps-answer-with-buttons = 请点上面的按钮作答。
camps-answer-stale = 这道题已经回答过了。
camps-enrol-pending = 谢谢！你在 { $cohort } 的报名正在等待组织者审核，结果会通知你。
camps-enrolled = 🎉 你已报名 { $title }（{ $cohort }）。第 1 天是 { $start }（{ $timezone }）。
camps-full = { $cohort } 已满员。要加入候补名单吗？有空位时，排在最前的人补上。
camps-waitlist-button = 加入候补
camps-waiting = 你在 { $cohort } 候补名单上排第 { $position } 位。
camps-seat-freed = 🎉 { $cohort } 空出一个名额，归你了：你已报名成功。第 1 天是 { $start }。
camps-declined = 很抱歉，你在 { $cohort } 的报名这次未通过。
camps-removed = 你已被移出 { $cohort }。原因：{ $reason }
camps-queue-empty = 没有待审核的报名。
camps-queue-title = 共 { $count } 个报名待审核：
camps-queue-line = • { $who } → { $cohort }（{ $answers }）
camps-approve-button = ✅ { $who }
camps-decline-button = ❌ { $who }
camps-approved-toast = 已通过 { $who }。
camps-declined-toast = 已拒绝 { $who }。
camps-decided-already = 这条报名已经有人处理过了。
camps-remove-usage = 请写 /camp remove @成员 [原因]。
camps-no-such-member = 这里没有成员“{ $value }”：请用 @ 提及对方。
camps-removed-done = 已将 { $who } 移出 { $cohort }。
camps-not-enrolled = { $who } 不在本社群任何进行中或招生中的营期里。

## 开营、打卡学习、分组、进度
cmd-progress = 查看你在训练营营期中的进度和结营要求
cmd-pod = 查看你的小组及组长
cmd-board = 营期排行：完成天数，总榜和小组榜
cmd-camp_dm = 每日任务私信：on 或 off
cmd-camp_dm-mode = on 或 off
cmd-camp_dm-mode-on = 私信发我每天的任务
cmd-camp_dm-mode-off = 只在群里发布
cmd-camp-action-move = 把学员调到某个小组：@成员 <组号>
arg-mode = 开或关

camps-welcome = 🏕 { $title }（{ $cohort }）今天开营！共 { $days } 天，{ $start } 至 { $end }（{ $timezone }）。
camps-welcome-rules = 营规：{ $rules }
camps-welcome-schedule = 日程：
camps-schedule-line = • 第 { $day } 天（{ $date } { $time }）：{ $title }
camps-pod-line = 第 { $number } 组（{ $count } 人，组长在前）：
camps-task = 📖 第 { $day }/{ $days } 天：{ $title } — 截止 { $due }（{ $timezone }）。
camps-task-material = { $material }
camps-task-link = 更多：{ $link }
camps-task-checkin = 完成后用 /checkin 打卡。
camps-task-homework = 今天有作业；完成后用 /checkin 打卡。
camps-pod-joined = 你已加入 { $cohort } 的第 { $number } 组。用 /pod 查看。
camps-pod-moved = 组织者把你调到了 { $cohort } 的第 { $number } 组。用 /pod 查看。
camps-nudge = 你在 { $cohort } 已连续 { $missed } 天没有完成。补上吧：完成第 { $day } 天（{ $title }）并在今天打卡。加油！
camps-tell-leader = 你第 { $number } 组的 { $who } 已连续 { $missed } 天没有完成，你的一句鼓励也许有用。
camps-auditing = 你在 { $cohort } 已连续 { $missed } 天没有完成，现转为旁听：可以继续看内容，但不上排行榜。完成一天的任务并打卡即可回归。
camps-back-from-auditing = 欢迎回到 { $cohort }：你重新上榜了。

camps-not-in-a-cohort = 你还不在这里的任何训练营营期中。看看 /camps。
camps-progress-head = 📈 { $title }（{ $cohort }），第 { $day }/{ $days } 天
camps-progress-days = 已完成 { $done } 天，结营需要 { $needed } 天（{ $more ->
    [0] 已达标
   *[other] 还差 { $more } 天
}）{ $marks }
camps-progress-homework = 作业：已交 { $submitted } 份，通过 { $accepted } 份（{ $tasks } 份中需要 { $needed } 份）；平均分 { $score }
camps-progress-showcases = 优秀作业：已展示 { $shown } 份（需要 { $needed } 份）
camps-status-on-track = ✅ 进度正常，可以顺利结营。
camps-status-at-risk = ⚠️ 有风险：你落后于结营要求的进度。
camps-status-out-of-reach = ❌ 本期已无法达到结营要求。
camps-status-auditing = 👀 旁听中：完成一天的任务并打卡即可回归。
camps-no-pod-yet = { $cohort } 的小组将在 { $start } 开营时分好。
camps-pod-mine = 你在 { $cohort } 的小组：
camps-board-title = 🏆 { $cohort }：完成天数 · ⭐ 作业平均分
camps-board-line = { $rank }. { $who } — { $done }
camps-board-line-scored = { $rank }. { $who } — { $done } · ⭐ { $score }
camps-board-pods = 小组（平均完成天数 · ⭐ 分数）：
camps-board-pod-line = 第 { $number } 组：{ $average }（{ $count } 人）
camps-board-pod-line-scored = 第 { $number } 组：{ $average } · ⭐ { $score }（{ $count } 人）
camps-dm-on = 之后会私信发你 { $cohort } 每天的任务。
camps-dm-off = { $cohort } 的每日任务只在群里发布。
camps-move-usage = 请写 /camp move @成员 <组号>。
camps-no-such-pod = { $cohort } 没有第 { $number } 组。现有小组：{ $pods }。
camps-moved-done = 已把 { $who } 调到第 { $number } 组。

## 结营与运营
cmd-camp_named = 结营名单中是否写上你的名字：on 或 off
cmd-camp_named-mode = on 或 off
cmd-camp_named-mode-on = 在结业名单中写上我
cmd-camp_named-mode-off = 不写我的名字
cmd-camp-action-stats = 营期数据：报名人数、今日完成、每日漏斗、风险学员、小组状况
cmd-camp-action-export = 导出 CSV：学员 × 天数，以及成绩
cmd-camp-action-excuse = 请假豁免：@成员 <天数> <原因>
cmd-camp-action-announce = 向营期群和私信发布公告：[营期] <内容>

camps-closing = 🎓 { $title }（{ $cohort }）结营啦：{ $members } 人中 { $count ->
    [0] 本期无人达到结营要求
   *[other] { $count } 人顺利结业
}。感谢大家！
camps-closing-names = 恭喜：
camps-certificate = 🎓 你已从 { $title } 结业！证书编号 { $code }，任何人都可以在 { $url } 查验。
camps-certificate-heading = 结业证书
camps-certificate-line = { $start } – { $end }
camps-verify-valid-title = 证书有效
camps-verify-valid = 这是一份真实的证书：{ $name } 完成了 { $title }，{ $start } 至 { $end }（编号 { $code }，颁发于 { $issued }）。
camps-verify-unknown-title = 查无此证书
camps-verify-unknown = 没有编号为 { $code } 的证书。请核对证书上的编号。
camps-named-on = 如果你顺利结业，{ $cohort } 的结营公告中会写上你的名字。
camps-named-off = { $cohort } 的结营公告中不会写你的名字。

camps-which-cohort = 哪一期？请先写营期名：{ $cohorts }。
camps-stats-head = 📊 { $cohort }，第 { $day }/{ $days } 天
camps-stats-enrolled = 在营 { $enrolled } 人，今日完成 { $today } 人，候补 { $waiting } 人，待审核 { $pending } 人
camps-stats-funnel = 每日完成：{ $funnel }
camps-stats-at-risk = 有风险或旁听（{ $count }）：{ $names }
camps-stats-pod = 第 { $number } 组：{ $count } 人，平均完成 { $average } 天，{ $risky } 人有风险
camps-export-days = { $cohort } 完成情况：每行一名学员，每列一天（checkin 打卡、excused 豁免、homework 作业）。
camps-export-scores = { $cohort } 的作业与成绩。
camps-excuse-usage = 请写 /camp excuse @成员 <天数> <原因>，天数写成 3、3,5 或 2-4。
camps-bad-days = “{ $value }”不是本训练营的天数（1 到 { $days }）：请写 3、3,5 或 2-4。
camps-excused = 组织者为你豁免了 { $cohort } 的第 { $days } 天（{ $reason }），视为已完成。
camps-excused-done = 已为 { $who } 豁免 { $cohort } 的第 { $days } 天。
camps-announce-usage = 请写 /camp announce [营期] <内容>。
camps-announcement = 📣 { $cohort }：{ $text }
camps-announced = 已在 { $cohort } 的群里发布，并私信了 { $count } 名学员。
camps-enrol-tier = { $cohort } 仅对 { $tier } 及以上等级的成员开放。
camps-invite = 加入 { $cohort } 群聊的链接（每个链接仅限一人使用）：{ $links }
camps-progress-card = 第 { $day }/{ $days } 天 · 已完成 { $done } 天，需要 { $needed } 天
cmd-pod_lead = 报名担任小组组长（开营前）
camps-lead-thanks = 谢谢你！{ $cohort } 开营时，由自愿者担任各组组长。
camps-lead-too-late = { $cohort } 已经分好组了，请联系组织者。

## 小组的讨论区、时区、重新分组、导师
cmd-camp_tz = 你的时区，用于分组（例如 Asia/Shanghai）
cmd-camp_tz-zone = 时区，写成 地区/城市 或 UTC
arg-zone = 时区
cmd-camp-action-rebalance = 合并因掉队而人数过少的小组：[营期]
cmd-camp-action-mentor = 设为导师：@成员 [营期] [组号]
camps-pod-place-title = { $cohort } 第 { $number } 组
camps-pod-welcome = 👋 { $cohort } 第 { $number } 组：这里是你们小组的讨论区。成员：
camps-pod-welcome-leader = 组长：{ $leader }
camps-pod-newcomer = 👋 欢迎 { $who } 加入 { $cohort } 第 { $number } 组！
camps-pod-addressed = 致第 { $number } 组：
camps-pod-place = 你们小组在这里讨论：{ $where }
camps-pod-rebalanced = { $cohort } 第 { $old } 组仍在坚持的成员太少，已并入其他小组：你现在在第 { $number } 组。用 /pod 查看。
camps-pod-new-leader = 由于原组长掉队，你现在是 { $cohort } 第 { $number } 组的组长。谢谢你！
camps-tell-mentor = { $who }（{ $cohort } 第 { $number } 组）已连续 { $missed } 天没有完成。已提醒过本人，你的一句话也许有用。
camps-rebalanced-none = { $cohort } 的各小组人数都够，无需重新分组。
camps-rebalanced = 已重新分组 { $cohort }：调动了 { $count } 位成员，每位都已通知。
camps-rebalanced-line = • { $who }：第 { $old } 组 → 第 { $number } 组
camps-mentor-usage = 请写 /camp mentor @成员 [营期] [组号]。
camps-mentor-already = { $who } 已经是 { $cohort } 的导师了。
camps-mentor-told = 你现在是 { $cohort } 的导师。有成员开始掉队时，你会收到私信。
camps-mentor-told-pod = 你现在是 { $cohort } 第 { $number } 组的导师。组里有成员开始掉队时，你会收到私信。
camps-mentor-done = { $who } 现在是 { $cohort } 的导师。
camps-mentor-done-pod = { $who } 现在是 { $cohort } 第 { $number } 组的导师。
camps-bad-timezone = “{ $value }”不是时区，请写成 Asia/Shanghai、Europe/Berlin 或 UTC 这样的形式。
camps-tz-set = 你的时区已设为 { $zone }：{ $cohort } 开营分组时会参考它。
camps-tz-set-late = 你的时区已设为 { $zone }：{ $cohort } 重新分组时会参考它。

## 作业点评
cmd-submit = 提交今天任务的作业（或：/submit <第几天> <作业内容>）
cmd-submit-work = [第几天] 作业内容：文字、链接；可附图片或文件
arg-work = 作业
cmd-homework = 我的作业及其状态
cmd-review = 点评队列里的下一份作业
cmd-comment = 给正在点评的作业写评语
cmd-comment-words = 评语
arg-words = 内容
camps-submit-no-task = { $cohort } 今天没有要交的作业。现在开放、需要交作业的任务：{ $days }。请发送 /submit <第几天> <作业内容>，或用 /homework 查看。
camps-submit-locked = 第 { $day } 天的任务还没开放：{ $at }（{ $timezone }）开放。
camps-submit-refused = 第 { $day } 天的作业截止于 { $due }（{ $timezone }），这个任务不收迟交的作业。
camps-submit-empty = 你第 { $day } 天的作业是空的：请用 /submit 发送文字、链接、图片或文件。
camps-submit-file-too-big = 文件太大：每个文件最多 { $most } MB。
camps-submitted = 📬 已收到第 { $day } 天（{ $title }）的作业，第 { $version } 版。点评好了会通知你。
camps-submitted-late = 📬 已收到第 { $day } 天（{ $title }）的作业，第 { $version } 版，记为迟交。点评好了会通知你。
camps-pick-task = 这份作业是哪个任务的？选好后，把作业（文字、图片、文件或链接）作为下一条消息发给我。
camps-pick-task-button = 第 { $day } 天：{ $title }
camps-send-your-work = 现在发送第 { $day } 天（{ $title }）的作业吧：你在这里的下一条消息（文字、图片、文件或链接）就是作业。
camps-stale-button = 这个按钮已经过期了。
camps-homework-title = 📚 你在 { $cohort } 的作业：
camps-homework-line = • 第 { $day } 天（{ $title }）：{ $status }{ $version ->
    [0] {""}
   *[other] ，第 { $version } 版
}{ $late }
camps-homework-missing = 未提交
camps-homework-late = 未提交，已过截止时间
camps-homework-locked = 尚未开放
camps-homework-submitted = 已提交，等待点评
camps-homework-in-review = 点评中
camps-homework-accepted = ✅ 已通过
camps-homework-changes = ✏️ 需要修改
camps-homework-was-late = （迟交）
camps-review-assigned = 📝 { $cohort } 第 { $day } 天有一份作业请你点评。准备好了就发送 /review。
camps-review-nothing = 这里没有需要你点评的作业。
camps-review-queue-empty = { $cohort } 暂时没有等待点评的作业。谢谢你！
camps-review-card = 📝 点评：第 { $day } 天（{ $title }），{ $who } 的第 { $version } 版（{ $cohort }）
camps-review-card-late = ⏰ 截止时间之后提交。
camps-review-card-text = { $text }
camps-review-card-score = • { $criterion }（0–{ $max }）：{ $score }
camps-review-card-how = 给每一项评分，可以用 /comment <评语> 写评语，然后选择通过或要求修改。
camps-accept-button = ✅ 通过
camps-changes-button = ✏️ 要求修改
camps-scored = { $criterion }：{ $score }（满分 { $max }）
camps-review-score-all = 请先给每一项评分。
camps-review-stale = 这份点评已经不归你了：已完成、已转给别人，或作业有了新版本。发送 /review 领取下一份。
camps-review-sent-accept = 已通过。谢谢你的点评！
camps-review-sent-changes = 已要求修改。谢谢你的点评！
camps-review-done = 点评已提交：{ $verdict }。
camps-verdict-accept = 通过
camps-verdict-changes = 要求修改
camps-comment-noted = 已记下你对第 { $day } 天作业的评语。
camps-reviewed = 📝 你第 { $day } 天（{ $title }）的作业第 { $version } 版已点评：平均 { $score } 分（满分 3 分）。
camps-reviewed-criterion = • { $criterion }：{ $score }（满分 { $max }）
camps-reviewed-comment = 💬 { $comment }
camps-reviewed-accepted = ✅ 通过了，做得好！
camps-reviewed-changes = ✏️ 需要修改：点下面的按钮发送新版本。
camps-resubmit-button = 发送新版本
camps-review-nudge = ⏰ { $cohort } 第 { $day } 天的一份作业已经等你点评 { $hours } 小时了，请发送 /review。
camps-review-reassigned = 你要点评的 { $cohort } 第 { $day } 天作业等待太久，已转给别人。
cmd-camp-action-homework = 各任务的作业：提交、迟交、点评中、通过、需修改、分数：[营期]
cmd-camp-action-reviewers = 点评人的用时（中位数、p90）和谁超时了：[营期]
camps-hw-stats-head = 📚 { $cohort } 各任务的作业：
camps-hw-stats-line = • 第 { $day } 天（{ $title }）：已提交 { $submitted }（迟交 { $late }），点评中 { $review }，通过 { $accepted }，需修改 { $changes }；分数 { $scores }
camps-reviewers-head = 🧑‍🏫 { $cohort } 的点评人（从分配到完成的小时数）：
camps-reviewers-line = • { $who }：完成 { $count } 份，中位数 { $median } 小时，p90 { $p90 } 小时
camps-reviewers-late = 当前超时：{ $names }
camps-showcase-offer = 🌟 { $cohort } 第 { $first } 至 { $last } 天的优秀作业候选：得分最高和最受欢迎的作业。请选择要展示的作业，展示前会先征得作者同意。
camps-showcase-candidate = • { $who }，第 { $day } 天（{ $score } 分）：{ $text }
camps-showcase-pick-button = ⭐ { $who }，第 { $day } 天（{ $score } 分）
camps-showcase-candidate-reacted = • { $who }，第 { $day } 天（{ $reactions } 个表情回应）：{ $text }
camps-showcase-pick-reacted = ⭐ { $who }，第 { $day } 天（{ $reactions } 个表情回应）
camps-showcase-picked-already = 这份作业已经被选中了。
camps-showcase-asked = 已询问 { $who } 是否同意展示。
camps-showcase-consent = 🌟 导师选了你第 { $day } 天（{ $title }）的作业作为 { $cohort } 的优秀作业。可以在营期的群里展示吗？
camps-showcase-yes = 可以，展示吧
camps-showcase-no = 不用了，谢谢
camps-showcase-declined = 好的，不展示。依然做得很好！
camps-showcase-thanks = 谢谢！你的作业已展示。
camps-showcase-post = 🌟 { $cohort } 优秀作业：{ $who }，第 { $day } 天（{ $title }）
camps-showcase-link = 原文：{ $link }
camps-export-submissions = { $cohort } 的全部作业提交（每个版本、点评与分数），CSV 格式。
camps-submit-too-late = 第 { $day } 天的作业迟交截止于 { $until }（{ $timezone }），已经过了。
