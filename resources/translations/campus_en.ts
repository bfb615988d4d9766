<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AboutTab</name>
    <message>
        <source>校园自查</source>
        <translation>Campus Self-Check</translation>
    </message>
    <message>
        <source>对照《东莞市教育局2021年工作要点》的学校自查工具：离线使用，数据保存在本机；报告可数字签名，教育局可核验与汇总。</source>
        <translation>A school self-assessment against the Dongguan Education Bureau 2021 work plan. Works offline and keeps your data on this computer; reports can be signed digitally, and the bureau can verify and summarise them.</translation>
    </message>
    <message>
        <source>本程序以 %1 许可证发布。所用组件及其许可证：</source>
        <translation>This program is released under the %1 licence. Components used and their licences:</translation>
    </message>
    <message>
        <source>所选组件的许可证全文（在上表中选择一行）：</source>
        <translation>Full licence text of the selected component (choose a row above):</translation>
    </message>
    <message>
        <source>此组件未附带许可证文本，许可证名称见上表。</source>
        <translation>This component ships no licence text; its licence is named in the table above.</translation>
    </message>
</context>
<context>
    <name>AnswerWidget</name>
    <message>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>清除此项的答案</source>
        <translation>Clear the answer to this item</translation>
    </message>
    <message>
        <source>清除答案</source>
        <translation>Clear answer</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>不适用</source>
        <translation>Not applicable</translation>
    </message>
    <message>
        <source>%n 项</source>
        <translation>%n entries</translation>
    </message>
</context>
<context>
    <name>AssessmentList</name>
    <message>
        <source>学校</source>
        <translation>School</translation>
    </message>
    <message>
        <source>检查周期</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>基准日</source>
        <translation>Reference date</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>进度</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>严重</source>
        <translation>Critical</translation>
    </message>
    <message>
        <source>符合率：符合的项占已判定的项的比例</source>
        <translation>Compliance: the share of judged items that comply</translation>
    </message>
    <message>
        <source>未完成：必填未答、信息不全无法判定或填写有误的项</source>
        <translation>Open: required items unanswered, items that cannot be judged for missing information, and items filled in wrongly</translation>
    </message>
    <message>
        <source>进度：已作答（含答“不适用”）的项占适用的项的比例</source>
        <translation>Progress: the share of applicable items that are answered (answering “not applicable” included)</translation>
    </message>
    <message>
        <source>较重</source>
        <translation>Major</translation>
    </message>
    <message>
        <source>一般</source>
        <translation>Minor</translation>
    </message>
    <message>
        <source>符合率</source>
        <translation>Compliance</translation>
    </message>
    <message>
        <source>未完成</source>
        <translation>Incomplete</translation>
    </message>
    <message>
        <source>尚无已判定的项</source>
        <translation>No item judged yet</translation>
    </message>
    <message>
        <source>（修订 %1）</source>
        <translation> (revision %1)</translation>
    </message>
</context>
<context>
    <name>AssessmentPage</name>
    <message>
        <source>此自查已签名，只能查看，不能修改。如需更正，请创建修订版本。</source>
        <translation>This self-check is signed and can only be viewed. To correct it, create a revision.</translation>
    </message>
    <message>
        <source>基准日 %1 · %2</source>
        <translation>Reference date %1 · %2</translation>
    </message>
    <message>
        <source>清单导航</source>
        <translation>Checklist navigator</translation>
    </message>
    <message>
        <source>查找检查项（Ctrl+F）</source>
        <translation>Find an item (Ctrl+F)</translation>
    </message>
    <message>
        <source>查找检查项</source>
        <translation>Find an item</translation>
    </message>
    <message>
        <source>检查项</source>
        <translation>Items</translation>
    </message>
    <message>
        <source>概览</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>问题清单（%1）</source>
        <translation>Findings (%1)</translation>
    </message>
    <message>
        <source>没有未填写、填写有误或不符合的项了。</source>
        <translation>No item left that is unanswered, wrongly filled in or failed.</translation>
    </message>
    <message>
        <source>找到 %1 项</source>
        <translation>Found: %1</translation>
    </message>
    <message>
        <source>本部分 %1 项</source>
        <translation>Items in this section: %1</translation>
    </message>
</context>
<context>
    <name>BackupsModel</name>
    <message>
        <source>备份时间</source>
        <translation>Backed up at</translation>
    </message>
    <message>
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
</context>
<context>
    <name>BackupsTab</name>
    <message>
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <source>恢复所选备份…</source>
        <translation>Restore the selected backup…</translation>
    </message>
    <message>
        <source>不再恢复</source>
        <translation>Cancel the restore</translation>
    </message>
    <message>
        <source>备份文件夹：%1</source>
        <translation>Backup folder: %1</translation>
    </message>
    <message>
        <source>每天第一次打开数据时自动备份，删除自查和升级前也会备份，保留最近 10 份。恢复时会先把当前数据另存为一份备份，因此恢复也可以撤回。</source>
        <translation>A backup is made automatically the first time the data is opened each day, and before a self-check is deleted or the data is upgraded; the latest 10 are kept. Restoring first saves the current data as a backup, so a restore can be undone too.</translation>
    </message>
    <message>
        <source>下次启动时将恢复备份 %1。</source>
        <translation>The backup %1 will be restored at the next start.</translation>
    </message>
    <message>
        <source>用 %1 的备份替换现在的数据吗？

此后的修改会丢失（当前数据会先另存为一份备份）。</source>
        <translation>Replace the current data with the backup of %1?

Changes made since will be lost (the current data is first saved as a backup).</translation>
    </message>
    <message>
        <source>恢复备份</source>
        <translation>Restore backup</translation>
    </message>
    <message>
        <source>恢复需要先关闭数据库，将在下次启动本程序时进行。请关闭程序后重新打开。</source>
        <translation>Restoring needs the database closed, so it happens at the next start. Close the app and open it again.</translation>
    </message>
</context>
<context>
    <name>CalculatedAnswer</name>
    <message>
        <source>（暂无法计算）</source>
        <translation>(cannot be calculated yet)</translation>
    </message>
    <message>
        <source>自动计算：%1</source>
        <translation>Calculated: %1</translation>
    </message>
</context>
<context>
    <name>CampusWords</name>
    <message>
        <source>未开始</source>
        <translation>Not started</translation>
    </message>
    <message>
        <source>整改中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>未制定</source>
        <translation>No plan yet</translation>
    </message>
    <message>
        <source>第%1条</source>
        <translation>Item %1</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>未注明条款</source>
        <translation>no clause given</translation>
    </message>
</context>
<context>
    <name>ClauseDialog</name>
    <message>
        <source>工作要点 %1</source>
        <translation>Work plan %1</translation>
    </message>
    <message>
        <source>《东莞市教育局2021年工作要点》原文</source>
        <translation>Original text of the Dongguan Education Bureau 2021 work plan (Chinese)</translation>
    </message>
    <message>
        <source>条文</source>
        <translation>Clause text</translation>
    </message>
    <message>
        <source>（工作要点中没有这一条）</source>
        <translation>(the work plan has no such item)</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>CreateIdentityDialog</name>
    <message>
        <source>新建签名身份</source>
        <translation>New signing identity</translation>
    </message>
    <message>
        <source>校长</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>学校名称：</source>
        <translation>School name:</translation>
    </message>
    <message>
        <source>学校代码：</source>
        <translation>School code:</translation>
    </message>
    <message>
        <source>签署人：</source>
        <translation>Signatory:</translation>
    </message>
    <message>
        <source>职务：</source>
        <translation>Position:</translation>
    </message>
    <message>
        <source>口令：</source>
        <translation>Passphrase:</translation>
    </message>
    <message>
        <source>再次输入口令：</source>
        <translation>Passphrase again:</translation>
    </message>
    <message>
        <source>口令保护签名私钥，每次签名都要输入。请牢记口令：忘记后无法找回，只能新建签名身份。证书有效期五年，可导出证书交给教育局以便核验。</source>
        <translation>The passphrase protects the signing key and is asked for every signature. Remember it: a forgotten passphrase cannot be recovered, only replaced by a new identity. The certificate is valid for five years; export it for the education bureau so that they can verify your reports.</translation>
    </message>
    <message>
        <source>创建</source>
        <translation>Create</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>口令至少 %1 个字符。</source>
        <translation>The passphrase needs at least %1 characters.</translation>
    </message>
    <message>
        <source>口令太短：至少 %1 个字符。</source>
        <translation>The passphrase is too short: at least %1 characters.</translation>
    </message>
    <message>
        <source>两次输入的口令不一致。</source>
        <translation>The two passphrases differ.</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>自查概览</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>各检查清单符合率</source>
        <translation>Compliance by checklist</translation>
    </message>
    <message>
        <source>符合率 = 符合的项 ÷ 已判定（符合 + 不符合）的项；未填写、缺少数据和填写有误的项不计入，另列为“未完成”。条的颜色表示该清单最严重的问题：绿色无问题，黄色一般，橙色较重，红色严重。</source>
        <translation>Compliance rate = items passed ÷ items judged (passed + failed); unanswered, incomplete and wrongly filled-in items are left out and counted as open. A bar&apos;s colour shows the checklist&apos;s most severe finding: green none, yellow minor, orange major, red critical.</translation>
    </message>
    <message>
        <source>问题按严重程度</source>
        <translation>Findings by severity</translation>
    </message>
    <message>
        <source>问题按工作要点条款</source>
        <translation>Findings by work-plan item</translation>
    </message>
    <message>
        <source>没有问题。</source>
        <translation>No findings.</translation>
    </message>
    <message>
        <source>总体符合率</source>
        <translation>Overall compliance</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>已制定整改计划</source>
        <translation>With a rectification plan</translation>
    </message>
    <message>
        <source>整改逾期</source>
        <translation>Rectification overdue</translation>
    </message>
    <message>
        <source>最紧迫的整改事项</source>
        <translation>Most urgent rectifications</translation>
    </message>
    <message>
        <source>基准日 %1</source>
        <translation>Reference date %1</translation>
    </message>
    <message>
        <source>符合 %1 项 / 已判定 %2 项 · 问题 %3 条</source>
        <translation>%1 passed of %2 judged · findings: %3</translation>
    </message>
    <message>
        <source>未完成 %1 项</source>
        <translation>%1 open</translation>
    </message>
    <message>
        <source>尚未判定</source>
        <translation>Not judged yet</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>没有待处理的问题。</source>
        <translation>No open findings.</translation>
    </message>
    <message>
        <source>另有 %1 项，见“问题清单”。</source>
        <translation>%1 more; see “Findings”.</translation>
    </message>
    <message>
        <source>排序：已到期或最先到期的在前；尚未制定计划的随后，须整改的先于可说明的。</source>
        <translation>Order: overdue or soonest due first; then those without a plan, those that must be rectified before those that may be explained.</translation>
    </message>
    <message>
        <source>已完成 %1</source>
        <translation>%1 done</translation>
    </message>
    <message>
        <source>项整改已过期限</source>
        <translation>rectifications overdue</translation>
    </message>
    <message>
        <source>与上期（%1）比较：新增 %2 · 重复出现 %3 · 已解决 %4</source>
        <translation>Compared with %1: %2 new · %3 recurring · %4 resolved</translation>
    </message>
</context>
<context>
    <name>DateAnswer</name>
    <message>
        <source>未填写</source>
        <translation>Not answered</translation>
    </message>
    <message>
        <source>今天</source>
        <translation>Today</translation>
    </message>
</context>
<context>
    <name>DateCellEditor</name>
    <message>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>清除这个日期</source>
        <translation>Clear this date</translation>
    </message>
</context>
<context>
    <name>DistrictBars</name>
    <message>
        <source>（未填镇街）</source>
        <translation>(no district)</translation>
    </message>
    <message>
        <source>%1 个问题 · 学校 %2</source>
        <translation>%1 findings · schools %2</translation>
    </message>
    <message>
        <source> · 逾期 %1</source>
        <translation> · overdue %1</translation>
    </message>
</context>
<context>
    <name>ErrorDetailsDialog</name>
    <message>
        <source>意外错误</source>
        <translation>Unexpected error</translation>
    </message>
    <message>
        <source>详细信息已记入日志：%1</source>
        <translation>The details were written to the log: %1</translation>
    </message>
    <message>
        <source>日志无法写入。</source>
        <translation>The log could not be written.</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>复制详情</source>
        <translation>Copy details</translation>
    </message>
    <message>
        <source>已复制</source>
        <translation>Copied</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>程序遇到了意外问题，刚才的操作没有完成。已保存的内容不受影响。</source>
        <translation>The app ran into an unexpected problem and the last action was not completed. Everything saved before is intact.</translation>
    </message>
    <message>
        <source>无法完成</source>
        <translation>Cannot do that</translation>
    </message>
    <message>
        <source>出现问题</source>
        <translation>A problem occurred</translation>
    </message>
</context>
<context>
    <name>EvidenceAnswer</name>
    <message>
        <source>已附加的文件</source>
        <translation>Attached files</translation>
    </message>
    <message>
        <source>添加附件…</source>
        <translation>Attach files…</translation>
    </message>
    <message>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>也可以把文件拖到这里</source>
        <translation>You can also drop files here</translation>
    </message>
    <message>
        <source>（文件不在数据文件夹中）</source>
        <translation>(the file is not in the data folder)</translation>
    </message>
    <message>
        <source>尚未附加文件。点击“添加附件…”或把文件拖到这里。</source>
        <translation>No files attached yet. Click “Attach files…” or drop files here.</translation>
    </message>
    <message>
        <source>选择要附加的文件</source>
        <translation>Choose files to attach</translation>
    </message>
</context>
<context>
    <name>ExportActions</name>
    <message>
        <source>导出 PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <source>报告已保存到 %1</source>
        <translation>Report saved to %1</translation>
    </message>
    <message>
        <source>导出 Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <source>Excel 已保存到 %1</source>
        <translation>Excel saved to %1</translation>
    </message>
    <message>
        <source>导出答案文件</source>
        <translation>Export answers file</translation>
    </message>
    <message>
        <source>-答案</source>
        <translation>-answers</translation>
    </message>
    <message>
        <source>答案文件 (*.json)</source>
        <translation>Answers file (*.json)</translation>
    </message>
    <message>
        <source>答案文件已保存到 %1，照片在 %2（导入时请放在一起）</source>
        <translation>Answers file saved to %1, its photos in %2 (keep them together to import)</translation>
    </message>
    <message>
        <source>答案文件已保存到 %1</source>
        <translation>Answers file saved to %1</translation>
    </message>
    <message>
        <source>已取消，没有写入文件。</source>
        <translation>Cancelled; no file was written.</translation>
    </message>
    <message>
        <source>报告中有 %1 处字符内置字体无法显示，已用带问号的方框标出（报告的文字层保留原字）：</source>
        <translation>The bundled font cannot draw %1 character(s) of the report; they are marked with a box with a question mark (the report&apos;s text layer keeps them):</translation>
    </message>
</context>
<context>
    <name>ExportExcelDialog</name>
    <message>
        <source>导出 Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <source>保存到</source>
        <translation>Save to</translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>写入完整身份证号</source>
        <translation>Write full ID numbers</translation>
    </message>
    <message>
        <source>默认只写身份证号的前6位和后4位。完整号码属于个人信息，请只在确有需要时选择，并妥善保管文件。</source>
        <translation>By default only the first 6 and last 4 characters of ID numbers are written. Full numbers are personal data: choose this only when really needed, and keep the file safe.</translation>
    </message>
    <message>
        <source>保存到：</source>
        <translation>Save to:</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>ExportSteps</name>
    <message>
        <source>正在读取自查数据…</source>
        <translation>Reading the self-check…</translation>
    </message>
    <message>
        <source>正在生成 PDF…</source>
        <translation>Making the PDF…</translation>
    </message>
    <message>
        <source>正在签名…</source>
        <translation>Signing…</translation>
    </message>
    <message>
        <source>正在写入文件…</source>
        <translation>Writing the file…</translation>
    </message>
    <message>
        <source>正在准备预览…</source>
        <translation>Preparing the preview…</translation>
    </message>
    <message>
        <source>正在验证签名…</source>
        <translation>Verifying the signature…</translation>
    </message>
</context>
<context>
    <name>FindingEditor</name>
    <message>
        <source>整改：%1</source>
        <translation>Rectification: %1</translation>
    </message>
    <message>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>在上方列表中选择一个问题，填写说明和整改计划。</source>
        <translation>Choose a finding in the list above to write an explanation and a rectification plan.</translation>
    </message>
    <message>
        <source>此条为“原则上”要求：如有特殊情况，请在“说明”中写明理由；否则请制定整改计划。</source>
        <translation>This is an “in principle” requirement: if there is a special reason, write it under “Explanation”; otherwise make a rectification plan.</translation>
    </message>
    <message>
        <source>请制定整改计划；需要时可补充说明。</source>
        <translation>Please make a rectification plan; add an explanation if needed.</translation>
    </message>
    <message>
        <source>说明 *</source>
        <translation>Explanation *</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <source>特殊情况的理由，或已采取的措施</source>
        <translation>The reason for a special case, or the steps already taken</translation>
    </message>
    <message>
        <source>要做什么、怎么做</source>
        <translation>What will be done, and how</translation>
    </message>
    <message>
        <source>姓名或岗位</source>
        <translation>Name or post</translation>
    </message>
    <message>
        <source>整改措施</source>
        <translation>Measures</translation>
    </message>
    <message>
        <source>责任人</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <source>完成期限</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
</context>
<context>
    <name>FindingsModel</name>
    <message>
        <source>严重程度</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>条款</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>检查清单</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>行</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>整改</source>
        <translation>Rectification</translation>
    </message>
    <message>
        <source>已说明</source>
        <translation>Explained</translation>
    </message>
    <message>
        <source>检查项：%1</source>
        <translation>Checklist item: %1</translation>
    </message>
    <message>
        <source>“原则上”要求：有特殊情况时可说明理由</source>
        <translation>“In principle” requirement: a special case may be explained</translation>
    </message>
    <message>
        <source>说明：%1</source>
        <translation>Explanation: %1</translation>
    </message>
    <message>
        <source>与上期</source>
        <translation>Vs. last term</translation>
    </message>
    <message>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <source>重复出现</source>
        <translation>Recurring</translation>
    </message>
</context>
<context>
    <name>FindingsPanel</name>
    <message>
        <source>%1 个问题</source>
        <translation>%1 findings</translation>
    </message>
    <message>
        <source>显示 %1 / %2 个问题</source>
        <translation>Showing %1 of %2 findings</translation>
    </message>
    <message>
        <source>全部严重程度</source>
        <translation>All severities</translation>
    </message>
    <message>
        <source>全部清单</source>
        <translation>All checklists</translation>
    </message>
    <message>
        <source>筛选问题…</source>
        <translation>Filter findings…</translation>
    </message>
    <message>
        <source>只显示包含这些文字的问题（多个词用空格分开）</source>
        <translation>Show only findings containing these words (separate words with spaces)</translation>
    </message>
    <message>
        <source>与上期（%1）比较：新增 %2，重复出现 %3，已解决 %4</source>
        <translation>Compared with the previous period (%1): %2 new, %3 recurring, %4 resolved</translation>
    </message>
    <message>
        <source>已解决：</source>
        <translation>Resolved:</translation>
    </message>
</context>
<context>
    <name>GeneralTab</name>
    <message>
        <source>语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>界面语言：</source>
        <translation>Interface language:</translation>
    </message>
    <message>
        <source>立即生效。报告和导出文件使用导出时的界面语言。</source>
        <translation>Takes effect at once. Reports and exported files use the interface language at the time of export.</translation>
    </message>
    <message>
        <source>数据文件夹</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <source>更改…</source>
        <translation>Change…</translation>
    </message>
    <message>
        <source>恢复默认位置</source>
        <translation>Back to the default location</translation>
    </message>
    <message>
        <source>正在使用：</source>
        <translation>In use:</translation>
    </message>
    <message>
        <source>下次启动：</source>
        <translation>From the next start:</translation>
    </message>
    <message>
        <source>更改后在下次启动时生效；已有数据不会被移动。可以选择空文件夹重新开始，或选择另一台电脑复制来的数据文件夹。</source>
        <translation>A change takes effect at the next start; existing data is not moved. Choose an empty folder to start afresh, or a data folder copied from another computer.</translation>
    </message>
    <message>
        <source>默认位置</source>
        <translation>Default location</translation>
    </message>
    <message>
        <source>选择数据文件夹</source>
        <translation>Choose the data folder</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>找不到使用手册（%1）。</source>
        <translation>The user guide was not found (%1).</translation>
    </message>
    <message>
        <source>使用手册</source>
        <translation>User guide</translation>
    </message>
    <message>
        <source>在手册中查找（回车查找下一处）</source>
        <translation>Find in the guide (Enter finds the next)</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>还没有自查。点击“新建自查”开始第一次自查。</source>
        <translation>No self-checks yet. Click “New self-check” to start the first one.</translation>
    </message>
    <message>
        <source>您正在查看示例学校（临时副本）。在这里的修改不会影响您自己的数据。</source>
        <translation>You are looking at the sample school (a temporary copy). Changes here do not affect your own data.</translation>
    </message>
    <message>
        <source>返回我的数据</source>
        <translation>Back to my data</translation>
    </message>
    <message>
        <source>学校信息…</source>
        <translation>School profile…</translation>
    </message>
    <message>
        <source>编辑学校信息</source>
        <translation>Edit the school profile</translation>
    </message>
    <message>
        <source>自查记录</source>
        <translation>Self-checks</translation>
    </message>
    <message>
        <source>新建自查…</source>
        <translation>New self-check…</translation>
    </message>
    <message>
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>从上期复制…</source>
        <translation>Copy from last period…</translation>
    </message>
    <message>
        <source>以所选自查的答案为起点开始新一期自查</source>
        <translation>Start a new period from the answers of the selected self-check</translation>
    </message>
    <message>
        <source>删除…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>（尚未填写学校信息）</source>
        <translation>(no school profile yet)</translation>
    </message>
    <message>
        <source>学校代码 %1 · %2 · 在校生 %3 人</source>
        <translation>School code %1 · %2 · %3 students</translation>
    </message>
    <message>
        <source>数据文件夹中共有 %1 所学校</source>
        <translation>%1 schools in this data folder</translation>
    </message>
</context>
<context>
    <name>IdNumberAnswer</name>
    <message>
        <source>18位居民身份证号码</source>
        <translation>18-character resident ID number</translation>
    </message>
    <message>
        <source>号码无效（请核对位数、出生日期和校验位）</source>
        <translation>Invalid number (check the length, the birth date and the check digit)</translation>
    </message>
    <message>
        <source>男</source>
        <translation>male</translation>
    </message>
    <message>
        <source>女</source>
        <translation>female</translation>
    </message>
    <message>
        <source>有效：出生日期 %1，%2</source>
        <translation>Valid: born %1, %2</translation>
    </message>
</context>
<context>
    <name>IdNumberEditor</name>
    <message>
        <source>男</source>
        <translation>male</translation>
    </message>
    <message>
        <source>女</source>
        <translation>female</translation>
    </message>
    <message>
        <source>有效，出生 %1，%2</source>
        <translation>Valid, born %1, %2</translation>
    </message>
</context>
<context>
    <name>IdentitiesModel</name>
    <message>
        <source>签署人</source>
        <translation>Signatory</translation>
    </message>
    <message>
        <source>学校</source>
        <translation>School</translation>
    </message>
    <message>
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>证书指纹</source>
        <translation>Certificate fingerprint</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>IdentitiesTab</name>
    <message>
        <source>新建…</source>
        <translation>New…</translation>
    </message>
    <message>
        <source>导入 .p12…</source>
        <translation>Import .p12…</translation>
    </message>
    <message>
        <source>导出证书…</source>
        <translation>Export certificate…</translation>
    </message>
    <message>
        <source>删除…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>签名身份用于为自查报告做数字签名：私钥用口令加密保存在数据文件夹中。把导出的证书（.pem）交给教育局，教育局即可确认报告确由本校签署、未被改动。</source>
        <translation>A signing identity signs your self-check reports digitally; its private key is kept in the data folder, encrypted with your passphrase. Give the exported certificate (.pem) to the education bureau so that they can confirm a report was signed by your school and not changed.</translation>
    </message>
    <message>
        <source>导出证书</source>
        <translation>Export certificate</translation>
    </message>
    <message>
        <source>证书 (*.pem *.cer)</source>
        <translation>Certificates (*.pem *.cer)</translation>
    </message>
    <message>
        <source>确定删除签名身份“%1”吗？

签署人：%2
指纹：%3

删除后不能再用它签名（已签名的报告仍可验证）。此操作无法撤销。</source>
        <translation>Delete the signing identity “%1”?

Signatory: %2
Fingerprint: %3

It can no longer sign afterwards (reports already signed can still be verified). This cannot be undone.</translation>
    </message>
    <message>
        <source>删除签名身份</source>
        <translation>Delete signing identity</translation>
    </message>
</context>
<context>
    <name>ImportIdentityDialog</name>
    <message>
        <source>导入签名身份</source>
        <translation>Import a signing identity</translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>留空则沿用文件的口令</source>
        <translation>Leave empty to keep the file&apos;s passphrase</translation>
    </message>
    <message>
        <source>文件：</source>
        <translation>File:</translation>
    </message>
    <message>
        <source>文件口令：</source>
        <translation>File passphrase:</translation>
    </message>
    <message>
        <source>新口令：</source>
        <translation>New passphrase:</translation>
    </message>
    <message>
        <source>再次输入新口令：</source>
        <translation>New passphrase again:</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>PKCS#12 文件 (*.p12 *.pfx)</source>
        <translation>PKCS#12 files (*.p12 *.pfx)</translation>
    </message>
    <message>
        <source>保存用的口令至少 %1 个字符，请设置新口令。</source>
        <translation>The stored passphrase needs at least %1 characters; please set a new one.</translation>
    </message>
    <message>
        <source>两次输入的新口令不一致。</source>
        <translation>The two new passphrases differ.</translation>
    </message>
</context>
<context>
    <name>ImportProblemsModel</name>
    <message>
        <source>工作表</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <source>行</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>值</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>ImportTableDialog</name>
    <message>
        <source>选择要导入的 Excel 文件</source>
        <translation>Choose the Excel file to import</translation>
    </message>
    <message>
        <source>文件被拒绝，未导入任何数据：共 %1 处问题。请在 Excel 中改正后重新导入。</source>
        <translation>The file was refused and nothing was imported: %1 problems. Correct them in Excel and import again.</translation>
    </message>
    <message>
        <source>尚未选择文件。</source>
        <translation>No file chosen yet.</translation>
    </message>
    <message>
        <source>读取到 %1 行，检查通过。导入将替换表格现有的 %2 行（可撤销）。</source>
        <translation>%1 rows read and checked. Importing replaces the table&apos;s %2 rows (can be undone).</translation>
    </message>
    <message>
        <source>另有 %1 条提示，见下表。</source>
        <translation>%1 further notes, listed below.</translation>
    </message>
    <message>
        <source>从 Excel 导入：%1</source>
        <translation>Import from Excel: %1</translation>
    </message>
    <message>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>未选择文件</source>
        <translation>No file chosen</translation>
    </message>
    <message>
        <source>替换表格行</source>
        <translation>Replace the rows</translation>
    </message>
    <message>
        <source>复制问题列表</source>
        <translation>Copy the list of problems</translation>
    </message>
    <message>
        <source>表格文件 (*.xlsx *.xls *.ods);;Excel 工作簿 (*.xlsx);;Excel 97-2003 工作簿 (*.xls);;OpenDocument 表格 (*.ods)</source>
        <translation>Spreadsheets (*.xlsx *.xls *.ods);;Excel workbook (*.xlsx);;Excel 97-2003 workbook (*.xls);;OpenDocument spreadsheet (*.ods)</translation>
    </message>
    <message>
        <source>按检查清单的同义写法读取：</source>
        <translation>Read through the checklist&apos;s other spellings:</translation>
    </message>
    <message>
        <source>选择按模板填写的 Excel 文件（.xlsx、.xls 或 .ods）。文件中有任何错误时整个文件都不会导入，下表会列出每一处问题。</source>
        <translation>Choose an Excel file (.xlsx, .xls or .ods) filled in from the template. If the file has any error, nothing is imported and every problem is listed below.</translation>
    </message>
</context>
<context>
    <name>ItemPage</name>
    <message>
        <source>说明（可选）</source>
        <translation>Explanation (optional)</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <source>如有特殊情况，请在此说明（离开此框时自动保存）</source>
        <translation>Explain any special circumstances here (saved when you leave this box)</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>‹ 上一项</source>
        <translation>‹ Previous</translation>
    </message>
    <message>
        <source>下一项 ›</source>
        <translation>Next ›</translation>
    </message>
    <message>
        <source>也可以按 Enter 或在说明框中按 Tab</source>
        <translation>Or press Enter, or Tab in the explanation box</translation>
    </message>
    <message>
        <source>必填</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>依据：%1</source>
        <translation>Source: %1</translation>
    </message>
    <message>
        <source>标准：%1</source>
        <translation>Standard: %1</translation>
    </message>
    <message>
        <source>此项不适用，无需填写：%1</source>
        <translation>Not applicable, nothing to fill in: %1</translation>
    </message>
    <message>
        <source>根据前面的回答，此项不适用，无需填写。</source>
        <translation>Given the earlier answers this item does not apply; nothing to fill in.</translation>
    </message>
    <message>
        <source>此项为必填项，尚未填写。</source>
        <translation>This item is required and not answered yet.</translation>
    </message>
    <message>
        <source>填写的内容不符合要求。</source>
        <translation>The value does not meet the requirement.</translation>
    </message>
    <message>
        <source>表格中有 %1 个单元格不符合要求。</source>
        <translation>%1 cells of the table do not meet the requirements.</translation>
    </message>
    <message>
        <source>第 %1 行：</source>
        <translation>Row %1: </translation>
    </message>
    <message>
        <source>（工作要点中没有这一条）</source>
        <translation>(the work plan has no such item)</translation>
    </message>
    <message>
        <source>%1（工作要点原文）：%2</source>
        <translation>%1 (work plan, Chinese original): %2</translation>
    </message>
    <message>
        <source>使用手册中的说明</source>
        <translation>In the user guide</translation>
    </message>
</context>
<context>
    <name>JobProgressDialog</name>
    <message>
        <source>正在准备…</source>
        <translation>Preparing…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
</context>
<context>
    <name>LicencesModel</name>
    <message>
        <source>组件</source>
        <translation>Component</translation>
    </message>
    <message>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>许可证</source>
        <translation>Licence</translation>
    </message>
</context>
<context>
    <name>MainMenus</name>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>报告(&amp;R)</source>
        <translation>&amp;Report</translation>
    </message>
    <message>
        <source>工具(&amp;T)</source>
        <translation>&amp;Tools</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>主页</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>新建自查…</source>
        <translation>New self-check…</translation>
    </message>
    <message>
        <source>学校信息…</source>
        <translation>School profile…</translation>
    </message>
    <message>
        <source>打开示例学校</source>
        <translation>Open the sample school</translation>
    </message>
    <message>
        <source>返回我的数据</source>
        <translation>Back to my data</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>查找检查项</source>
        <translation>Find an item</translation>
    </message>
    <message>
        <source>下一个待处理项</source>
        <translation>Next item to do</translation>
    </message>
    <message>
        <source>上一个待处理项</source>
        <translation>Previous item to do</translation>
    </message>
    <message>
        <source>语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>导出 PDF…</source>
        <translation>Export PDF…</translation>
    </message>
    <message>
        <source>导出 Excel…</source>
        <translation>Export Excel…</translation>
    </message>
    <message>
        <source>导出答案文件…</source>
        <translation>Export answers file…</translation>
    </message>
    <message>
        <source>签名并导出…</source>
        <translation>Sign and export…</translation>
    </message>
    <message>
        <source>验证 PDF…</source>
        <translation>Verify PDF…</translation>
    </message>
    <message>
        <source>设置…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <source>督导汇总…</source>
        <translation>Inspection summary…</translation>
    </message>
    <message>
        <source>关于与许可证…</source>
        <translation>About and licences…</translation>
    </message>
    <message>
        <source>使用手册</source>
        <translation>User guide</translation>
    </message>
    <message>
        <source>数据文件夹…</source>
        <translation>Data folder…</translation>
    </message>
    <message>
        <source>关于校园自查</source>
        <translation>About Campus Self-Check</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>校园自查</source>
        <translation>Campus Self-Check</translation>
    </message>
    <message>
        <source>示例学校（临时副本）</source>
        <translation>Sample school (temporary copy)</translation>
    </message>
    <message>
        <source>确定删除“%1”的自查吗？
删除前会自动备份数据库，可从备份恢复。</source>
        <translation>Delete the self-check “%1”?
The database is backed up first; it can be restored from the backup.</translation>
    </message>
    <message>
        <source>注意：这份自查已签名。</source>
        <translation>Note: this self-check is signed.</translation>
    </message>
    <message>
        <source>删除自查</source>
        <translation>Delete self-check</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>已删除（删除前已备份）</source>
        <translation>Deleted (backed up first)</translation>
    </message>
    <message>
        <source>已保存 %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <source>数据文件夹</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <source>数据保存在：
%1

备份在其中的 backups 文件夹，日志在 logs 文件夹。</source>
        <translation>Your data is kept in:
%1

Backups are in its backups folder, the log in its logs folder.</translation>
    </message>
    <message>
        <source>本校“%1”已有自查（%2）。确定再建一份同一周期的自查吗？</source>
        <translation>This school already has a self-check for “%1” (%2). Start another one for the same period?</translation>
    </message>
    <message>
        <source>同一周期已有自查</source>
        <translation>A self-check for this period exists</translation>
    </message>
    <message>
        <source>仍然新建</source>
        <translation>Start anyway</translation>
    </message>
</context>
<context>
    <name>Navigator</name>
    <message>
        <source>清单与部分</source>
        <translation>Checklists and sections</translation>
    </message>
    <message>
        <source>进度</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>有不符合项</source>
        <translation>Has findings</translation>
    </message>
    <message>
        <source>有必填项未填写或填写有误</source>
        <translation>Required items unanswered or wrongly filled in</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>NewAssessmentDialog</name>
    <message>
        <source>从上期复制</source>
        <translation>Copy from last period</translation>
    </message>
    <message>
        <source>新建自查</source>
        <translation>New self-check</translation>
    </message>
    <message>
        <source>检查周期</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>基准日</source>
        <translation>Reference date</translation>
    </message>
    <message>
        <source>基准日用于计算年龄、期限等（通常为学期最后一天）。</source>
        <translation>The reference date is used for ages, deadlines and the like (usually the last day of the term).</translation>
    </message>
    <message>
        <source>将以“%1”的答案为起点（包括表格和说明），可逐项修改。</source>
        <translation>The answers of “%1” (tables and explanations included) are the starting point; change them item by item.</translation>
    </message>
    <message>
        <source>检查清单</source>
        <translation>Checklists</translation>
    </message>
    <message>
        <source>开始自查</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>复制</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>NoteAnswer</name>
    <message>
        <source>此项为说明，无需填写。</source>
        <translation>This is a note; nothing to fill in.</translation>
    </message>
</context>
<context>
    <name>NumberAnswer</name>
    <message>
        <source>未填写</source>
        <translation>Not answered</translation>
    </message>
    <message>
        <source>范围 %1–%2</source>
        <translation>Range %1–%2</translation>
    </message>
    <message>
        <source>不小于 %1</source>
        <translation>At least %1</translation>
    </message>
    <message>
        <source>不大于 %1</source>
        <translation>At most %1</translation>
    </message>
</context>
<context>
    <name>OfficeFilterBar</name>
    <message>
        <source>筛选：</source>
        <translation>Filter:</translation>
    </message>
    <message>
        <source>按镇街筛选</source>
        <translation>Filter by town or subdistrict</translation>
    </message>
    <message>
        <source>按状态筛选</source>
        <translation>Filter by status</translation>
    </message>
    <message>
        <source>按问题代码筛选</source>
        <translation>Filter by finding code</translation>
    </message>
    <message>
        <source>搜索学校名称或代码</source>
        <translation>Search school name or code</translation>
    </message>
    <message>
        <source>搜索学校</source>
        <translation>Search schools</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>有问题</source>
        <translation>Has findings</translation>
    </message>
    <message>
        <source>未完成</source>
        <translation>Incomplete</translation>
    </message>
    <message>
        <source>无法核对</source>
        <translation>Unverified</translation>
    </message>
    <message>
        <source>符合</source>
        <translation>Compliant</translation>
    </message>
    <message>
        <source>证书未受信任</source>
        <translation>Certificate not trusted</translation>
    </message>
    <message>
        <source>全部镇街</source>
        <translation>All towns and subdistricts</translation>
    </message>
    <message>
        <source>（未填镇街）</source>
        <translation>(no town or subdistrict)</translation>
    </message>
    <message>
        <source>全部问题代码</source>
        <translation>All finding codes</translation>
    </message>
    <message>
        <source>%1 所</source>
        <translation>%1 schools</translation>
    </message>
</context>
<context>
    <name>OfficeGuideDialog</name>
    <message>
        <source>督导室使用指南</source>
        <translation>Office guide</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>OfficeMenus</name>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>设置(&amp;S)</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>选择文件夹并汇总…</source>
        <translation>Choose a folder and aggregate…</translation>
    </message>
    <message>
        <source>汇总数据库中的全部报告</source>
        <translation>Summarise every stored report</translation>
    </message>
    <message>
        <source>导入应报学校名单…</source>
        <translation>Import the school list…</translation>
    </message>
    <message>
        <source>保存名单模板…</source>
        <translation>Save a list template…</translation>
    </message>
    <message>
        <source>清理已删除的文件…</source>
        <translation>Remove files that are gone…</translation>
    </message>
    <message>
        <source>导出汇总表…</source>
        <translation>Export the summary…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>信任列表…</source>
        <translation>Trust list…</translation>
    </message>
    <message>
        <source>语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>督导室使用指南</source>
        <translation>Office guide</translation>
    </message>
    <message>
        <source>已导入“%1”的名单：%2 所学校</source>
        <translation>List for &apos;%1&apos; imported: %2 school(s)</translation>
    </message>
    <message>
        <source>应报学校名单.xlsx</source>
        <translation>school list.xlsx</translation>
    </message>
    <message>
        <source>保存名单模板</source>
        <translation>Save the list template</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>清理</source>
        <translation>Clean up</translation>
    </message>
    <message>
        <source>汇总数据库中的文件都还在。</source>
        <translation>Every stored file is still in place.</translation>
    </message>
    <message>
        <source>已删除 %1 条记录</source>
        <translation>%1 entries removed</translation>
    </message>
    <message>
        <source>清理已删除的文件</source>
        <translation>Remove files that are gone</translation>
    </message>
    <message>
        <source>%1 个已汇总的文件已不在原处。要从汇总数据库中删除这些记录吗？</source>
        <translation>%1 stored file(s) are no longer where they were. Remove them from the aggregation database?</translation>
    </message>
    <message>
        <source>
……另有 %1 个</source>
        <translation>
… and %1 more</translation>
    </message>
    <message>
        <source>本程序未附带使用指南文件。</source>
        <translation>This copy of the app comes without the guide file.</translation>
    </message>
</context>
<context>
    <name>OfficeOverview</name>
    <message>
        <source>各镇街问题数 %1</source>
        <translation>Findings by district %1</translation>
    </message>
    <message>
        <source>未报送、逾期和名单外（%1）</source>
        <translation>Not reported, late and not on the list (%1)</translation>
    </message>
    <message>
        <source>所有学校均已按时报送。</source>
        <translation>Every school has reported on time.</translation>
    </message>
    <message>
        <source>尚未导入应报学校名单：文件 → 导入应报学校名单…</source>
        <translation>No school list yet: File → Import the school list…</translation>
    </message>
</context>
<context>
    <name>OfficeSchoolDialog</name>
    <message>
        <source>问题与整改</source>
        <translation>Findings and rectification</translation>
    </message>
    <message>
        <source>签名证书</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>各周期对比</source>
        <translation>Periods compared</translation>
    </message>
    <message>
        <source>问题 %1 项，整改逾期 %2 项</source>
        <translation>%1 finding(s), %2 overdue rectification(s)</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>打开报告</source>
        <translation>Open report</translation>
    </message>
    <message>
        <source>学校：%1</source>
        <translation>School: %1</translation>
    </message>
    <message>
        <source>签署人</source>
        <translation>Signer</translation>
    </message>
    <message>
        <source>证书所属学校</source>
        <translation>Certificate&apos;s school</translation>
    </message>
    <message>
        <source>证书学校代码</source>
        <translation>Certificate&apos;s school code</translation>
    </message>
    <message>
        <source>签署时间</source>
        <translation>Signed at</translation>
    </message>
    <message>
        <source>收到时间</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>证书</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>受信任</source>
        <translation>Trusted</translation>
    </message>
    <message>
        <source>未受信任</source>
        <translation>Not trusted</translation>
    </message>
    <message>
        <source>报告编号</source>
        <translation>Report ID</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>本校在 %1 之前没有报告：全部问题为新出现。</source>
        <translation>No report of this school before %1: every finding is new.</translation>
    </message>
    <message>
        <source>上一周期：%1 → 本周期：%2</source>
        <translation>Previous period: %1 → this period: %2</translation>
    </message>
</context>
<context>
    <name>OfficeSchoolModel</name>
    <message>
        <source>学校</source>
        <translation>School</translation>
    </message>
    <message>
        <source>学校代码</source>
        <translation>School code</translation>
    </message>
    <message>
        <source>镇街</source>
        <translation>Town/subdistrict</translation>
    </message>
    <message>
        <source>检查周期</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>签署时间</source>
        <translation>Signed at</translation>
    </message>
    <message>
        <source>证书</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>受信任</source>
        <translation>Trusted</translation>
    </message>
    <message>
        <source>未受信任</source>
        <translation>Not trusted</translation>
    </message>
    <message>
        <source>符合</source>
        <translation>Compliant</translation>
    </message>
    <message>
        <source>有问题</source>
        <translation>Has findings</translation>
    </message>
    <message>
        <source>未完成</source>
        <translation>Incomplete</translation>
    </message>
    <message>
        <source>无法核对</source>
        <translation>Unverified</translation>
    </message>
</context>
<context>
    <name>OfficeWindow</name>
    <message>
        <source>督导汇总</source>
        <translation>Inspection summary</translation>
    </message>
    <message>
        <source>选择或拖入存放各校签名报告（PDF）的文件夹。程序逐一验证签名，读取报告中的数据，每所学校每个检查周期保留最后签署的一份，并可导出汇总表。</source>
        <translation>Choose or drop the folder holding the schools&apos; signed reports (PDF). Each signature is verified and the report&apos;s data read; for each school and period the last signed report is kept, and the summary can be exported.</translation>
    </message>
    <message>
        <source>选择文件夹…</source>
        <translation>Choose folder…</translation>
    </message>
    <message>
        <source>开始汇总</source>
        <translation>Summarise</translation>
    </message>
    <message>
        <source>再次检查所选文件夹（已汇总过的文件不会重复计入）</source>
        <translation>Check the chosen folder again (files already counted are not counted twice)</translation>
    </message>
    <message>
        <source>只接受信任列表中的证书签署的报告</source>
        <translation>Accept only reports signed with a trusted certificate</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>打开报告</source>
        <translation>Open report</translation>
    </message>
    <message>
        <source>导出汇总表…</source>
        <translation>Export summary…</translation>
    </message>
    <message>
        <source>还没有汇总数据。选择或拖入一个文件夹开始。</source>
        <translation>No summary yet. Choose or drop a folder to begin.</translation>
    </message>
    <message>
        <source>汇总进度</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>学校</source>
        <translation>Schools</translation>
    </message>
    <message>
        <source>被拒文件</source>
        <translation>Refused files</translation>
    </message>
    <message>
        <source>尚未选择文件夹</source>
        <translation>No folder chosen yet</translation>
    </message>
    <message>
        <source>文件夹：%1</source>
        <translation>Folder: %1</translation>
    </message>
    <message>
        <source>学校记录 %1 · 有效报告 %2（其中被取代 %3）· 被拒文件 %4</source>
        <translation>School records %1 · valid reports %2 (%3 superseded) · refused files %4</translation>
    </message>
    <message>
        <source>学校（%1）</source>
        <translation>Schools (%1)</translation>
    </message>
    <message>
        <source>被拒文件（%1）</source>
        <translation>Refused files (%1)</translation>
    </message>
    <message>
        <source>已取消：检查了 %1 / %2 个文件。新收 %3 个，已汇总过 %4 个，无法读取 %5 个。</source>
        <translation>Cancelled: %1 of %2 files checked. %3 new, %4 already counted, %5 unreadable.</translation>
    </message>
    <message>
        <source>完成：检查了 %1 / %2 个文件。新收 %3 个，已汇总过 %4 个，无法读取 %5 个。</source>
        <translation>Done: %1 of %2 files checked. %3 new, %4 already counted, %5 unreadable.</translation>
    </message>
    <message>
        <source>选择存放签名报告的文件夹</source>
        <translation>Choose the folder with the signed reports</translation>
    </message>
    <message>
        <source>正在查找文件…</source>
        <translation>Looking for files…</translation>
    </message>
    <message>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>已检查 %1 / %2 个文件</source>
        <translation>%1 of %2 files checked</translation>
    </message>
    <message>
        <source>督导汇总.xlsx</source>
        <translation>inspection-summary.xlsx</translation>
    </message>
    <message>
        <source>导出汇总表</source>
        <translation>Export summary</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>汇总表已导出：%1</source>
        <translation>Summary exported: %1</translation>
    </message>
    <message>
        <source>整改逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>概况</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>整改逾期（%1）</source>
        <translation>Overdue (%1)</translation>
    </message>
</context>
<context>
    <name>OpenAssessment</name>
    <message>
        <source>删除照片“%1”</source>
        <translation>Remove photo “%1”</translation>
    </message>
</context>
<context>
    <name>OpenData</name>
    <message>
        <source>数据文件夹已被占用</source>
        <translation>The data folder is in use</translation>
    </message>
    <message>
        <source>重试</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>需要更新程序</source>
        <translation>Please update the app</translation>
    </message>
</context>
<context>
    <name>OpenItems</name>
    <message>
        <source>检查清单</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <source>检查项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>情况</source>
        <translation>State</translation>
    </message>
    <message>
        <source>原因说明（必填）</source>
        <translation>Reason (required)</translation>
    </message>
    <message>
        <source>写明此项未完成的原因；原因记录为检查项说明，并印在报告中。</source>
        <translation>Write why this item is not completed; the reason is kept as the item&apos;s note and printed in the report.</translation>
    </message>
</context>
<context>
    <name>OverdueModel</name>
    <message>
        <source>镇街</source>
        <translation>District</translation>
    </message>
    <message>
        <source>学校</source>
        <translation>School</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>程度</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>整改措施</source>
        <translation>Measure</translation>
    </message>
    <message>
        <source>责任人</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <source>整改期限</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>逾期天数</source>
        <translation>Days overdue</translation>
    </message>
    <message>
        <source>整改状态</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>PageThumbnailsModel</name>
    <message>
        <source>第 %1 页</source>
        <translation>Page %1</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <source>报告预览</source>
        <translation>Report preview</translation>
    </message>
    <message>
        <source>上一页</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <source>下一页</source>
        <translation>Next page</translation>
    </message>
    <message>
        <source>缩小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <source>放大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <source>适合宽度</source>
        <translation>Fit width</translation>
    </message>
    <message>
        <source>页面缩略图</source>
        <translation>Page thumbnails</translation>
    </message>
    <message>
        <source>页面</source>
        <translation>Page</translation>
    </message>
    <message>
        <source>共 %1 页</source>
        <translation>%1 pages</translation>
    </message>
    <message>
        <source>报告编号 %1</source>
        <translation>Report number %1</translation>
    </message>
    <message>
        <source>保存…</source>
        <translation>Save…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>第 %1 / %2 页</source>
        <translation>Page %1 of %2</translation>
    </message>
    <message>
        <source>保存 PDF 报告</source>
        <translation>Save the PDF report</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF file (*.pdf)</translation>
    </message>
</context>
<context>
    <name>PeriodsModel</name>
    <message>
        <source>问题</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>上一周期</source>
        <translation>Previous period</translation>
    </message>
    <message>
        <source>本周期</source>
        <translation>This period</translation>
    </message>
    <message>
        <source>变化</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>新出现</source>
        <translation>New</translation>
    </message>
    <message>
        <source>已消除</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <source>仍存在</source>
        <translation>Recurring</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <source>粘贴的图片.png</source>
        <translation>pasted image.png</translation>
    </message>
    <message>
        <source>选择照片</source>
        <translation>Choose photos</translation>
    </message>
    <message>
        <source>图片 (*.jpg *.jpeg *.png *.webp *.bmp *.gif *.tif *.tiff)</source>
        <translation>Images (*.jpg *.jpeg *.png *.webp *.bmp *.gif *.tif *.tiff)</translation>
    </message>
    <message>
        <source>照片（可拖入或粘贴）</source>
        <translation>Photos (drop or paste)</translation>
    </message>
    <message>
        <source>添加照片…</source>
        <translation>Add photos…</translation>
    </message>
    <message>
        <source>删除照片</source>
        <translation>Remove photo</translation>
    </message>
    <message>
        <source>删除选中的照片（Delete）；可用“编辑 › 撤销”（Ctrl+Z）恢复</source>
        <translation>Remove the selected photo (Delete); Edit › Undo (Ctrl+Z) puts it back</translation>
    </message>
    <message>
        <source>可把照片拖到这里，或复制图片后按 Ctrl+V 粘贴。报告中显示缩小后的照片。</source>
        <translation>Drop photos here, or copy an image and press Ctrl+V. The report shows downscaled copies.</translation>
    </message>
</context>
<context>
    <name>RejectedFilesModel</name>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>ReportingModel</name>
    <message>
        <source>报送情况</source>
        <translation>Standing</translation>
    </message>
    <message>
        <source>镇街</source>
        <translation>District</translation>
    </message>
    <message>
        <source>学校</source>
        <translation>School</translation>
    </message>
    <message>
        <source>学校代码</source>
        <translation>School code</translation>
    </message>
    <message>
        <source>联系人及电话</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>收到时间</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>未报送</source>
        <translation>Not reported</translation>
    </message>
    <message>
        <source>逾期报送</source>
        <translation>Late</translation>
    </message>
    <message>
        <source>不在名单内</source>
        <translation>Not on the list</translation>
    </message>
    <message>
        <source>按时报送</source>
        <translation>On time</translation>
    </message>
</context>
<context>
    <name>RestoreBackupDialog</name>
    <message>
        <source>数据库已损坏</source>
        <translation>The database is damaged</translation>
    </message>
    <message>
        <source>备份</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>请选择要恢复的备份（损坏的文件会先另存一份）：</source>
        <translation>Choose the backup to restore (the damaged file is kept aside first):</translation>
    </message>
    <message>
        <source>没有可用的备份。</source>
        <translation>There is no backup to restore.</translation>
    </message>
    <message>
        <source>恢复所选备份</source>
        <translation>Restore the selected backup</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>RowNotes</name>
    <message>
        <source>不符合填写要求</source>
        <translation>Does not meet the requirements</translation>
    </message>
</context>
<context>
    <name>SchoolFindingsModel</name>
    <message>
        <source>问题</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>程度</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>学校解释</source>
        <translation>School&apos;s explanation</translation>
    </message>
    <message>
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>整改措施</source>
        <translation>Measure</translation>
    </message>
    <message>
        <source>责任人</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <source>整改期限</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>整改状态</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>SchoolForm</name>
    <message>
        <source>例如：东莞市南城示例实验小学</source>
        <translation>e.g. Nancheng Example Primary School</translation>
    </message>
    <message>
        <source>10位数字</source>
        <translation>10 digits</translation>
    </message>
    <message>
        <source> 人</source>
        <translation> students</translation>
    </message>
    <message>
        <source>分小学部、中学部填报（各自对照配备标准）</source>
        <translation>Give the primary and secondary enrolment separately (each judged against its own threshold)</translation>
    </message>
    <message>
        <source>例如：南城街道</source>
        <translation>e.g. Nancheng Subdistrict</translation>
    </message>
    <message>
        <source>电话或电子邮箱</source>
        <translation>Phone or e-mail</translation>
    </message>
    <message>
        <source>学校名称</source>
        <translation>School name</translation>
    </message>
    <message>
        <source>学校代码</source>
        <translation>School code</translation>
    </message>
    <message>
        <source>学段</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>在校生人数</source>
        <translation>Students enrolled</translation>
    </message>
    <message>
        <source>其中小学部</source>
        <translation>Of which primary</translation>
    </message>
    <message>
        <source>其中中学部</source>
        <translation>Of which secondary</translation>
    </message>
    <message>
        <source>寄宿生人数</source>
        <translation>Boarding students</translation>
    </message>
    <message>
        <source>所在镇街</source>
        <translation>Town or subdistrict</translation>
    </message>
    <message>
        <source>校长</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>联系方式</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>学校代码为教育部门分配的10位数字。</source>
        <translation>The school code is the 10-digit number given by the education authority.</translation>
    </message>
    <message>
        <source>还差 %1 位（学校代码为10位数字）</source>
        <translation>%1 more digits needed (the school code has 10 digits)</translation>
    </message>
    <message>
        <source>✓ 格式正确</source>
        <translation>✓ Format correct</translation>
    </message>
    <message>
        <source>未填写</source>
        <translation>Not answered</translation>
    </message>
</context>
<context>
    <name>SchoolListDialog</name>
    <message>
        <source>导入应报学校名单</source>
        <translation>Import the school list</translation>
    </message>
    <message>
        <source>Excel 名单（学校代码、学校名称、镇街、学段、联系人及电话）</source>
        <translation>Excel list (school code, school, district, stage, contact)</translation>
    </message>
    <message>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>报送截止日期</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>名单文件</source>
        <translation>List file</translation>
    </message>
    <message>
        <source>检查周期</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>选择名单文件</source>
        <translation>Choose the list file</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>SchoolProfileDialog</name>
    <message>
        <source>学校信息</source>
        <translation>School profile</translation>
    </message>
    <message>
        <source>修改后，未签名的自查将按新信息重新判断；已签名的自查保持不变。</source>
        <translation>After a change, unsigned self-checks are judged again with the new profile; signed ones stay as they are.</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SchoolProfilePage</name>
    <message>
        <source>学校信息</source>
        <translation>School profile</translation>
    </message>
    <message>
        <source>这些信息决定哪些要求适用于本校（例如在校生人数决定是否须配备专职心理教师），并印在自查报告上。以后可以在“文件 › 学校信息”中修改。</source>
        <translation>This decides which requirements apply to your school (for example, the number of students decides whether a full-time psychology teacher is required), and it is printed on the report. You can change it later under “File › School profile”.</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>保存并继续</source>
        <translation>Save and continue</translation>
    </message>
</context>
<context>
    <name>SealPicker</name>
    <message>
        <source>选择图片…</source>
        <translation>Choose image…</translation>
    </message>
    <message>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>选择印章图片</source>
        <translation>Choose the seal image</translation>
    </message>
    <message>
        <source>图片 (*.png *.jpg *.jpeg)</source>
        <translation>Images (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>常规</source>
        <translation>General</translation>
    </message>
    <message>
        <source>签名身份</source>
        <translation>Signing identities</translation>
    </message>
    <message>
        <source>信任列表</source>
        <translation>Trusted certificates</translation>
    </message>
    <message>
        <source>备份</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>关于</source>
        <translation>About</translation>
    </message>
</context>
<context>
    <name>SignActions</name>
    <message>
        <source>-签名报告</source>
        <translation>-signed-report</translation>
    </message>
    <message>
        <source>保存签名的报告</source>
        <translation>Save the signed report</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF file (*.pdf)</translation>
    </message>
    <message>
        <source>签名并导出</source>
        <translation>Sign and export</translation>
    </message>
    <message>
        <source>已取消：没有签名，也没有写入文件。</source>
        <translation>Cancelled: nothing was signed and no file was written.</translation>
    </message>
    <message>
        <source>已签名</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>报告已签名并保存到：
%1

报告编号 %2。这份自查现已锁定为只读。</source>
        <translation>The report was signed and saved to:
%1

Report number %2. This self-check is now locked read-only.</translation>
    </message>
    <message>
        <source>创建修订版本</source>
        <translation>Create a revision</translation>
    </message>
    <message>
        <source>将复制这份已签名自查的全部内容，建立一个可修改的新版本（草稿）。已签名的版本保持不变。

现在创建修订版本吗？</source>
        <translation>Everything in this signed self-check is copied into a new editable version (a draft). The signed version stays as it is.

Create the revision now?</translation>
    </message>
    <message>
        <source>已创建修订版本，可以修改了。</source>
        <translation>A revision was created; you can edit it now.</translation>
    </message>
    <message>
        <source>创建修订版本…</source>
        <translation>Create a revision…</translation>
    </message>
    <message>
        <source>复制已签名的自查为新的草稿版本，以便更正</source>
        <translation>Copy the signed self-check into a new draft to correct it</translation>
    </message>
</context>
<context>
    <name>SignDialog</name>
    <message>
        <source>签名并导出报告</source>
        <translation>Sign and export the report</translation>
    </message>
    <message>
        <source>签名后，这份自查将锁定为只读；如需更正，可创建修订版本后重新签名。签名用的私钥只在本机，口令不会被保存。</source>
        <translation>Once signed, this self-check is locked read-only; to correct it, create a revision and sign again. The signing key stays on this computer and the passphrase is never stored.</translation>
    </message>
    <message>
        <source>签名并导出…</source>
        <translation>Sign and export…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>未完成：%1 项未填写</source>
        <translation>Incomplete: %1 items not filled in</translation>
    </message>
    <message>
        <source>以下检查项尚未填写或缺少数据，无法判定。请先返回填写；确实无法填写的，须逐项写明原因（原因记录为检查项说明，并印在报告中），否则不能签名。</source>
        <translation>These items are not filled in or lack data, so they cannot be judged. Go back and fill them in; where that is truly impossible, write a reason for each (kept as the item&apos;s note and printed in the report), or the report cannot be signed.</translation>
    </message>
    <message>
        <source>签名身份</source>
        <translation>Signing identity</translation>
    </message>
    <message>
        <source>新建…</source>
        <translation>New…</translation>
    </message>
    <message>
        <source>口令</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>身份：</source>
        <translation>Identity:</translation>
    </message>
    <message>
        <source>口令：</source>
        <translation>Passphrase:</translation>
    </message>
    <message>
        <source>签字页</source>
        <translation>Signature page</translation>
    </message>
    <message>
        <source>校长</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>自查负责人：</source>
        <translation>Person in charge:</translation>
    </message>
    <message>
        <source>职务：</source>
        <translation>Position:</translation>
    </message>
    <message>
        <source>校长：</source>
        <translation>Principal:</translation>
    </message>
    <message>
        <source>手写签名（可选，放在自查负责人处）</source>
        <translation>Handwritten signature (optional, placed at the person in charge)</translation>
    </message>
    <message>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>印章图片（可选，放在校长处）</source>
        <translation>Seal image (optional, placed at the principal)</translation>
    </message>
    <message>
        <source>此签名身份属于另一所学校（%1），不能签署本校（%2）的报告。请选择或新建本校的签名身份。</source>
        <translation>This signing identity belongs to another school (%1); it cannot sign a report of this school (%2). Choose or create this school&apos;s identity.</translation>
    </message>
    <message>
        <source>%1 · 有效期至 %2 · 指纹 %3</source>
        <translation>%1 · valid until %2 · fingerprint %3</translation>
    </message>
    <message>
        <source>还没有签名身份，请先新建。</source>
        <translation>No signing identity yet; create one first.</translation>
    </message>
    <message>
        <source>还有 %1 项未写原因，不能签名。</source>
        <translation>%1 items still have no reason; the report cannot be signed.</translation>
    </message>
    <message>
        <source>每一项都已写明原因。</source>
        <translation>Every item has a reason.</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>手写签名板</source>
        <translation>Signature pad</translation>
    </message>
    <message>
        <source>在此处用鼠标或手写笔签名</source>
        <translation>Sign here with the mouse or a pen</translation>
    </message>
</context>
<context>
    <name>TableColumns</name>
    <message>
        <source>%1（脱敏）</source>
        <translation>%1 (masked)</translation>
    </message>
    <message>
        <source>不适用</source>
        <translation>Not applicable</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>TableEditor</name>
    <message>
        <source>删除行</source>
        <translation>Delete rows</translation>
    </message>
    <message>
        <source>删除选中的 %1 行？可以撤销。</source>
        <translation>Delete the %1 selected rows? This can be undone.</translation>
    </message>
    <message>
        <source>清空单元格</source>
        <translation>Clear cells</translation>
    </message>
    <message>
        <source>%1模板.xlsx</source>
        <translation>%1 template.xlsx</translation>
    </message>
    <message>
        <source>保存导入模板</source>
        <translation>Save the import template</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>模板已保存：%1</source>
        <translation>Template saved: %1</translation>
    </message>
    <message>
        <source>共 %1 行，其中 %2 行有问题</source>
        <translation>%1 rows, %2 with problems</translation>
    </message>
    <message>
        <source>（显示 %1 行）</source>
        <translation> (%1 shown)</translation>
    </message>
    <message>
        <source> · 已签名，只读</source>
        <translation> · signed, read-only</translation>
    </message>
    <message>
        <source>添加行</source>
        <translation>Add row</translation>
    </message>
    <message>
        <source>在选中行下方添加一行（Insert）</source>
        <translation>Add a row below the selected one (Insert)</translation>
    </message>
    <message>
        <source>删除选中的行（Ctrl+Delete）</source>
        <translation>Delete the selected rows (Ctrl+Delete)</translation>
    </message>
    <message>
        <source>上移</source>
        <translation>Move up</translation>
    </message>
    <message>
        <source>把选中的行上移一位（Ctrl+↑）</source>
        <translation>Move the selected row up (Ctrl+Up)</translation>
    </message>
    <message>
        <source>下移</source>
        <translation>Move down</translation>
    </message>
    <message>
        <source>把选中的行下移一位（Ctrl+↓）</source>
        <translation>Move the selected row down (Ctrl+Down)</translation>
    </message>
    <message>
        <source>从 Excel 导入…</source>
        <translation>Import from Excel…</translation>
    </message>
    <message>
        <source>用按模板填写的 Excel 文件替换表格的全部行</source>
        <translation>Replace all rows with an Excel file filled in from the template</translation>
    </message>
    <message>
        <source>下载模板…</source>
        <translation>Download template…</translation>
    </message>
    <message>
        <source>保存这个表格的空白 Excel 导入模板</source>
        <translation>Save an empty Excel import template for this table</translation>
    </message>
    <message>
        <source>原顺序</source>
        <translation>Original order</translation>
    </message>
    <message>
        <source>取消排序，按表格原来的顺序显示</source>
        <translation>Stop sorting and show the table in its own order</translation>
    </message>
    <message>
        <source>只看有问题的行</source>
        <translation>Only rows with problems</translation>
    </message>
    <message>
        <source>筛选…</source>
        <translation>Filter…</translation>
    </message>
    <message>
        <source>只显示包含这些文字的行（多个词用空格分开）</source>
        <translation>Show only rows containing these words (separate words with spaces)</translation>
    </message>
</context>
<context>
    <name>TableRowsModel</name>
    <message>
        <source>自动计算，不可编辑</source>
        <translation>Calculated; cannot be edited</translation>
    </message>
</context>
<context>
    <name>TrustTab</name>
    <message>
        <source>导入证书…</source>
        <translation>Import certificate…</translation>
    </message>
    <message>
        <source>移除…</source>
        <translation>Remove…</translation>
    </message>
    <message>
        <source>供教育局（督导室）使用：导入各校交来的证书后，由这些证书签署的报告在验证时显示为“受信任”。导入前请与学校核对证书指纹。</source>
        <translation>For the education bureau (inspection office): after importing the certificates the schools hand in, reports signed with them show as “trusted” when verified. Check each fingerprint with the school before importing.</translation>
    </message>
    <message>
        <source>导入证书</source>
        <translation>Import certificate</translation>
    </message>
    <message>
        <source>证书 (*.pem *.cer *.crt *.der)</source>
        <translation>Certificates (*.pem *.cer *.crt *.der)</translation>
    </message>
    <message>
        <source>学校 %1（%2）已登记了签名证书：
%3

用新证书替换它吗？
%4

替换后，用旧证书签署的该校报告将被拒收。此操作会连同日期记录下来。</source>
        <translation>School %1 (%2) already has a registered signing certificate:
%3

Replace it with the new certificate?
%4

After replacing, the school&apos;s reports signed with the old certificate will be rejected. The change is recorded with its date.</translation>
    </message>
    <message>
        <source>替换该校证书</source>
        <translation>Replace the school&apos;s certificate</translation>
    </message>
    <message>
        <source>从信任列表中移除此证书吗？

学校：%1
签署人：%2
指纹：%3

此后由它签署的报告将显示为“不受信任”。</source>
        <translation>Remove this certificate from the trusted list?

School: %1
Signatory: %2
Fingerprint: %3

Reports signed with it will then show as “not trusted”.</translation>
    </message>
    <message>
        <source>移除证书</source>
        <translation>Remove certificate</translation>
    </message>
</context>
<context>
    <name>TrustedModel</name>
    <message>
        <source>学校</source>
        <translation>School</translation>
    </message>
    <message>
        <source>学校代码</source>
        <translation>School code</translation>
    </message>
    <message>
        <source>签署人</source>
        <translation>Signatory</translation>
    </message>
    <message>
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>证书指纹</source>
        <translation>Certificate fingerprint</translation>
    </message>
</context>
<context>
    <name>UndrawableWatcher</name>
    <message>
        <source>内置字体缺字：%1。界面和报告中将显示为带问号的方框（报告的文字层保留原字）。如可能，请改用规范字形。</source>
        <translation>The bundled font cannot draw %1. The app and the report show it as a box with a question mark (the report&apos;s text layer keeps the character). Use the standard form of the character if you can.</translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <source>人</source>
        <translation>people</translation>
    </message>
    <message>
        <source>次</source>
        <translation>times</translation>
    </message>
    <message>
        <source>次/日</source>
        <translation>times/day</translation>
    </message>
    <message>
        <source>把</source>
        <translation>pcs</translation>
    </message>
    <message>
        <source>种</source>
        <translation>kinds</translation>
    </message>
    <message>
        <source>项</source>
        <translation>items</translation>
    </message>
    <message>
        <source>辆</source>
        <translation>vehicles</translation>
    </message>
    <message>
        <source>间</source>
        <translation>rooms</translation>
    </message>
    <message>
        <source>学时</source>
        <translation>class hours</translation>
    </message>
    <message>
        <source>周岁</source>
        <translation>years</translation>
    </message>
</context>
<context>
    <name>UrgentRectificationsModel</name>
    <message>
        <source>整改期限</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>剩余</source>
        <translation>Left</translation>
    </message>
    <message>
        <source>严重程度</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>整改措施</source>
        <translation>Measures</translation>
    </message>
    <message>
        <source>责任人</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>处理方式</source>
        <translation>Handling</translation>
    </message>
    <message>
        <source>未制定计划</source>
        <translation>No plan yet</translation>
    </message>
    <message>
        <source>%1 第 %2 行</source>
        <translation>%1 row %2</translation>
    </message>
    <message>
        <source>可说明或整改</source>
        <translation>Explain or rectify</translation>
    </message>
    <message>
        <source>须整改</source>
        <translation>Must be rectified</translation>
    </message>
    <message>
        <source>逾期 %1 天</source>
        <translation>%1 days overdue</translation>
    </message>
    <message>
        <source>今天到期</source>
        <translation>Due today</translation>
    </message>
    <message>
        <source>还有 %1 天</source>
        <translation>%1 days left</translation>
    </message>
</context>
<context>
    <name>VerifyActions</name>
    <message>
        <source>选择要验证的 PDF</source>
        <translation>Choose the PDF to verify</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF file (*.pdf)</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>验证签名的报告</source>
        <translation>Verify a signed report</translation>
    </message>
    <message>
        <source>打开其他文件…</source>
        <translation>Open another file…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>选择要验证的 PDF</source>
        <translation>Choose the PDF to verify</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF file (*.pdf)</translation>
    </message>
    <message>
        <source>正在验证 %1 …</source>
        <translation>Verifying %1 …</translation>
    </message>
    <message>
        <source>将以下证书加入信任列表：

签署人：%1
学校：%2
SHA-256 指纹：
%3

请先与该校核对指纹（例如电话确认），一致后再信任。此后由该证书签署的报告都会显示为受信任。</source>
        <translation>Add this certificate to the trusted list:

Signatory: %1
School: %2
SHA-256 fingerprint:
%3

Check the fingerprint with the school first (for example by phone) and trust it only if it matches. Reports signed with this certificate will then show as trusted.</translation>
    </message>
    <message>
        <source>信任此证书</source>
        <translation>Trust this certificate</translation>
    </message>
</context>
<context>
    <name>VerifyPanel</name>
    <message>
        <source>报告内嵌的自查结果</source>
        <translation>Self-check results embedded in the report</translation>
    </message>
    <message>
        <source>信任此证书…</source>
        <translation>Trust this certificate…</translation>
    </message>
    <message>
        <source>请打开一个 PDF 文件进行验证。</source>
        <translation>Open a PDF file to verify it.</translation>
    </message>
    <message>
        <source>✔ 签名有效：文件自签署后未被改动，证书受信任。</source>
        <translation>✔ Valid signature: the file has not changed since it was signed, and the certificate is trusted.</translation>
    </message>
    <message>
        <source>✔ 签名有效，文件自签署后未被改动；但证书不在信任列表中，无法确认是哪所学校签署。</source>
        <translation>✔ Valid signature and the file has not changed since it was signed; but the certificate is not in the trusted list, so which school signed it cannot be confirmed.</translation>
    </message>
    <message>
        <source>✔ 签名有效，证书受信任；但本程序不认识报告所用的检查表版本，无法重新评估其结果。</source>
        <translation>✔ Signature valid and the certificate trusted; but this program does not know the checklist version the report uses, so its results cannot be re-evaluated.</translation>
    </message>
    <message>
        <source>此文件没有数字签名。</source>
        <translation>This file has no digital signature.</translation>
    </message>
    <message>
        <source>✘ 验证未通过：不能相信此文件的内容。</source>
        <translation>✘ Verification failed: the content of this file cannot be trusted.</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>文件：</source>
        <translation>File:</translation>
    </message>
    <message>
        <source>已签名：</source>
        <translation>Signed:</translation>
    </message>
    <message>
        <source>%1 至 %2</source>
        <translation>%1 to %2</translation>
    </message>
    <message>
        <source>内容完整：</source>
        <translation>Intact:</translation>
    </message>
    <message>
        <source>是，签署后未被改动</source>
        <translation>Yes, not changed since signing</translation>
    </message>
    <message>
        <source>证书受信任：</source>
        <translation>Certificate trusted:</translation>
    </message>
    <message>
        <source>签署人：</source>
        <translation>Signatory:</translation>
    </message>
    <message>
        <source>学校：</source>
        <translation>School:</translation>
    </message>
    <message>
        <source>签署时间：</source>
        <translation>Signed at:</translation>
    </message>
    <message>
        <source>重新评估：</source>
        <translation>Re-evaluation:</translation>
    </message>
    <message>
        <source>证书有效期：</source>
        <translation>Certificate valid:</translation>
    </message>
    <message>
        <source>证书指纹：</source>
        <translation>Certificate fingerprint:</translation>
    </message>
    <message>
        <source>无法判断（证书中的名称无法比对，签名未能核验）</source>
        <translation>Cannot tell (the certificate&apos;s names cannot be compared, so the signature could not be checked)</translation>
    </message>
    <message>
        <source>未包含的检查表：</source>
        <translation>Checklists not included:</translation>
    </message>
    <message>
        <source>%1（自查不完整）</source>
        <translation>%1 (the self-check is incomplete)</translation>
    </message>
    <message>
        <source>已按内嵌答案重新评估，结果一致</source>
        <translation>Re-evaluated from the embedded answers: the results match</translation>
    </message>
    <message>
        <source>已按内嵌答案重新评估，结果不一致</source>
        <translation>Re-evaluated from the embedded answers: the results do not match</translation>
    </message>
    <message>
        <source>无法重新评估（检查表版本未知）</source>
        <translation>Cannot re-evaluate (unknown checklist version)</translation>
    </message>
    <message>
        <source>无法重新评估（内嵌答案不符合检查清单）</source>
        <translation>Cannot re-evaluate (the embedded answers do not fit the checklists)</translation>
    </message>
    <message>
        <source>无法重新评估（报告不完整）</source>
        <translation>Cannot re-evaluate (the report is incomplete)</translation>
    </message>
    <message>
        <source>无法重新评估（内嵌数据无效）</source>
        <translation>Cannot re-evaluate (the embedded data is invalid)</translation>
    </message>
    <message>
        <source>无法重新评估（报告格式未知）</source>
        <translation>Cannot re-evaluate (unknown report format)</translation>
    </message>
    <message>
        <source>不适用（不是自查报告）</source>
        <translation>Not applicable (not a self-check report)</translation>
    </message>
    <message>
        <source>内嵌的答案与结果数据与报告记录的摘要一致。</source>
        <translation>The embedded answers and results match the digests recorded in the report.</translation>
    </message>
    <message>
        <source>内嵌的答案数据与报告记录的摘要不一致。</source>
        <translation>The embedded answers do not match the digest recorded in the report.</translation>
    </message>
    <message>
        <source>报告中没有可核对的内嵌答案数据。</source>
        <translation>The report has no embedded answers to check.</translation>
    </message>
</context>
<context>
    <name>VerifySummaryModel</name>
    <message>
        <source>检查清单</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <source>符合率</source>
        <translation>Compliance</translation>
    </message>
    <message>
        <source>严重</source>
        <translation>Critical</translation>
    </message>
    <message>
        <source>较重</source>
        <translation>Major</translation>
    </message>
    <message>
        <source>一般</source>
        <translation>Minor</translation>
    </message>
    <message>
        <source>问题合计</source>
        <translation>Findings in all</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>欢迎使用校园自查</source>
        <translation>Welcome to Campus Self-Check</translation>
    </message>
    <message>
        <source>对照《东莞市教育局2021年工作要点》逐项自查学校安全、心理健康、教室照明和保安队伍，自动找出不符合项，并生成可签名的自查报告。</source>
        <translation>Check your school item by item against the Dongguan Education Bureau 2021 work plan — safety, mental health, classroom lighting and security guards. Findings are found automatically, and you get a self-check report you can sign.</translation>
    </message>
    <message>
        <source>填写学校信息</source>
        <translation>Enter the school profile</translation>
    </message>
    <message>
        <source>学校名称、代码、学段和在校生人数，用于判断适用的要求。</source>
        <translation>Name, code, stage and number of students decide which requirements apply.</translation>
    </message>
    <message>
        <source>逐项填写自查</source>
        <translation>Answer item by item</translation>
    </message>
    <message>
        <source>按清单回答每一项；每次修改都会自动保存。</source>
        <translation>Answer each item of the checklists; every change is saved at once.</translation>
    </message>
    <message>
        <source>查看问题并整改</source>
        <translation>Review findings and act</translation>
    </message>
    <message>
        <source>不符合项会立即列出，可填写说明和整改措施。</source>
        <translation>Findings are listed at once; add explanations and rectification plans.</translation>
    </message>
    <message>
        <source>开始：填写学校信息</source>
        <translation>Start: enter the school profile</translation>
    </message>
    <message>
        <source>打开示例学校</source>
        <translation>Open the sample school</translation>
    </message>
    <message>
        <source>在临时文件夹中打开一所已填写的示例学校，不影响您的数据</source>
        <translation>Open a filled-in sample school in a temporary folder; your data is not touched</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>不适用（根据前面的回答）</source>
        <translation>Not applicable (given earlier answers)</translation>
    </message>
</context>
</TS>
