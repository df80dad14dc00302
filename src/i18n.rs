//! The one table of user-interface text, in Japanese and English.
//!
//! Components never hold literal prose: they ask for a [`Msg`] in the current
//! [`Lang`]. Each message is a single `match` arm holding both languages, so a
//! message without a translation does not compile.

use serde::{Deserialize, Serialize};

/// A language the interface is offered in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    /// The BCP 47 tag, for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// The language's own name, as shown on the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Ja => "日本語",
            Lang::En => "English",
        }
    }

    /// The interface language for a browser language list (`navigator.languages`):
    /// the first Japanese or English entry wins; anything else falls back to English.
    pub fn from_browser<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Lang {
        for tag in preferred {
            let primary = tag
                .split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            match primary.as_str() {
                "ja" => return Lang::Ja,
                "en" => return Lang::En,
                _ => {}
            }
        }
        Lang::En
    }
}

/// Every piece of interface text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Msg {
    AppName,
    Tagline,
    SkipToContent,
    NavMain,
    NavHome,
    NavLessons,
    NavSandbox,
    LanguageLabel,
    ThemeLabel,
    ThemeLight,
    ThemeDark,
    VersionLabel,
    HomeTitle,
    HomeIntro,
    HomeNoAccount,
    HomeWhatYouDo,
    HomePointNetwork,
    HomePointRegistry,
    HomePointServices,
    HomePointDeploy,
    HomePointScale,
    HomeStartLearning,
    HomeOpenSandbox,
    LessonsTitle,
    LessonsIntro,
    LessonInPreparation,
    LessonNumber,
    LessonNotFoundTitle,
    LessonNotFoundBody,
    BackToLessons,
    SandboxTitle,
    SandboxIntro,
    SandboxClockLabel,
    SandboxIntroConsole,
    ConsoleLabel,
    ConsoleWelcome,
    ConsoleInputLabel,
    TimeControlsLabel,
    TimePause,
    TimePlay,
    TimeStepSecond,
    TimeStepMinute,
    SummaryTitle,
    SummaryVpcs,
    SummarySubnets,
    SummaryClusters,
    SummaryServices,
    SummaryRunningTasks,
    SandboxReset,
    NoticeSandboxSetAside,
    NotFoundTitle,
    NotFoundBody,
    BackHome,
    NoticeDismiss,
    NoticeStorageUnavailable,
    NoticeCorruptSetAside,
    NoticeFutureSetAside,
    NoticeBackupFailed,
    NoticeSaveFailed,
    NoticeQuotaExceeded,
    LessonPanelLabel,
    LessonStepOf,
    LessonGoals,
    GoalMet,
    GoalNotMet,
    LessonShowHint,
    LessonShowSolution,
    LessonApplySolution,
    LessonStepDone,
    LessonPrev,
    LessonNext,
    LessonReset,
    LessonFinished,
    LessonNextLesson,
    LessonLoading,
    LessonBroken,
    LessonCompleted,
    LessonStepsDone,
    QuizCheck,
    QuizCorrect,
    QuizWrong,
    PanelWhy,
    PanelPathOpen,
    PanelPathBlocked,
    TimeUntilSteady,
    TimeUntilSteadyHelp,
    LessonChallenge,
    LessonResetStep,
    FormPicker,
    FormPickerNone,
    FormCli,
    FormCliHelp,
    FormRun,
    FormClose,
    FormDone,
    FormBusy,
    FormFailed,
    FormNoChoices,
    FormOptional,
    SaveShareTitle,
    SnapshotName,
    SnapshotDefaultName,
    SnapshotSave,
    SnapshotRestore,
    SnapshotDelete,
    SnapshotsEmpty,
    SnapshotFull,
    SnapshotSaved,
    SnapshotRestored,
    SnapshotUnreadable,
    ShareMake,
    ShareCopy,
    ShareHelp,
    ShareNoJournal,
    ShareTooLarge,
    ExportTitle,
    ExportTaskDefinitions,
    ExportAppSpec,
    ExportSession,
    ExportCloudFormation,
    ExportNothing,
    NoticeSharedOpened,
    NoticeSharedRefused,
    PanelAddresses,
    ConsoleCopy,
    ConsoleCopied,
    PanelOutlined,
    ProgressTitle,
    ProgressExport,
    ProgressImport,
    ProgressImported,
    ProgressImportFailed,
    NoticeSavedRecentMetrics,
    ProjectorMode,
    ProjectorHint,
    PredictGuess,
    PredictWatch,
    PredictResult,
    PredictClose,
    PredictFar,
    RecheckPassed,
    RecheckMissed,
    RecheckAgain,
    RecheckUnavailable,
    StudyGroup,
    FacilitatorLinkLabel,
    FacilitatorLinkHint,
    FacilitatorCopy,
    FacilitatorOpened,
    FacilitatorRefused,
    FacilitatorOpenedFresh,
    CompareTitle,
    CompareRun,
    CompareSame,
    CompareSummary,
    CompareHint,
    DiagramLabel,
    DiagramEmpty,
    DockLabel,
    TabConsole,
    TabEvents,
    TabCharts,
    TabLogs,
    LogsGroup,
    LogsStream,
    LogsSince,
    LogsEmpty,
    LogsNoGroups,
    LogsCli,
    EventsFilter,
    EventsService,
    EventsDeployment,
    EventsScaling,
    EventsAlarm,
    EventsEmpty,
    ChartWindow,
    ChartsEmpty,
    ChartTrafficShift,
    ChartScaling,
    ChartLatency,
    ChartTaskCounts,
    ChartInsightsHint,
    ChartHealthyHosts,
    ChartLoad,
    ChartUtilisation,
    ChartTarget,
    ChartLatest,
    PanelLabel,
    PanelHint,
    PanelCli,
    PanelRun,
    PanelClose,
    ConsoleCancel,
    ConsoleWaitingHint,
    CodeCopy,
    CodeCopied,
    CodeRun,
}

impl Msg {
    /// The text in `lang`. Placeholders in braces (`{key}`) are filled by [`Msg::fill`].
    pub fn text(self, lang: Lang) -> &'static str {
        let (ja, en) = match self {
            Msg::AppName => ("ECS Playground", "ECS Playground"),
            Msg::Tagline => (
                "ブラウザで手を動かして学ぶ Amazon ECS",
                "Learn Amazon ECS by doing it, in your browser",
            ),
            Msg::SkipToContent => ("本文へスキップ", "Skip to content"),
            Msg::NavMain => ("メインナビゲーション", "Main navigation"),
            Msg::NavHome => ("ホーム", "Home"),
            Msg::NavLessons => ("レッスン", "Lessons"),
            Msg::NavSandbox => ("サンドボックス", "Sandbox"),
            Msg::LanguageLabel => ("表示言語", "Language"),
            Msg::ThemeLabel => ("テーマ", "Theme"),
            Msg::ThemeLight => ("ライト", "Light"),
            Msg::ThemeDark => ("ダーク", "Dark"),
            Msg::VersionLabel => ("バージョン", "Version"),
            Msg::HomeTitle => (
                "AWS アカウントなしで ECS を動かしてみよう",
                "Run ECS without an AWS account",
            ),
            Msg::HomeIntro => (
                "ECS Playground は、VPC からオートスケーリングまでを再現したシミュレーターです。本物の AWS と同じ名前・JSON・エラーで、壊しても何度でもやり直せます。",
                "ECS Playground simulates everything from the VPC to autoscaling. It uses the same names, JSON and errors as real AWS, and you can break things and start again as often as you like.",
            ),
            Msg::HomeNoAccount => (
                "サーバーもアカウントも不要。すべてブラウザの中で動き、進捗はこの端末に保存されます。",
                "No server, no account: everything runs in your browser, and your progress is saved on this device.",
            ),
            Msg::HomeWhatYouDo => ("ここでできること", "What you can do here"),
            Msg::HomePointNetwork => (
                "VPC・サブネット・ルートテーブル・インターネットゲートウェイ・セキュリティグループ・VPC エンドポイントを作る",
                "Build a VPC: subnets, route tables, an internet gateway, security groups and VPC endpoints",
            ),
            Msg::HomePointRegistry => (
                "ECR にイメージをプッシュし、タスク定義を登録する",
                "Push images to ECR and register task definitions",
            ),
            Msg::HomePointServices => (
                "ロードバランサーの後ろでサービスを動かす",
                "Run services behind load balancers",
            ),
            Msg::HomePointDeploy => (
                "ローリングアップデートと CodeDeploy の Blue/Green デプロイを実行する",
                "Run rolling updates and CodeDeploy blue/green deployments",
            ),
            Msg::HomePointScale => (
                "負荷をかけて、ターゲット追跡スケーリングの動きをグラフで見る",
                "Drive load and watch target tracking autoscaling on live charts",
            ),
            Msg::HomeStartLearning => ("レッスンを始める", "Start learning"),
            Msg::HomeOpenSandbox => ("サンドボックスを開く", "Open the sandbox"),
            Msg::LessonsTitle => ("レッスン一覧", "Lessons"),
            Msg::LessonsIntro => (
                "上から順に進めると、ECS の基本から本番構成までを一通り体験できます。",
                "Taken in order, the lessons go from ECS's building blocks to a production architecture.",
            ),
            Msg::LessonInPreparation => ("準備中", "In preparation"),
            Msg::LessonNumber => ("レッスン {n}", "Lesson {n}"),
            Msg::LessonNotFoundTitle => ("レッスンが見つかりません", "Lesson not found"),
            Msg::LessonNotFoundBody => (
                "「{id}」というレッスンはありません。",
                "There is no lesson called \u{201c}{id}\u{201d}.",
            ),
            Msg::BackToLessons => ("レッスン一覧へ戻る", "Back to the lessons"),
            Msg::SandboxTitle => ("サンドボックス", "Sandbox"),
            Msg::SandboxIntro => (
                "自由に試せる空の AWS アカウントです。構成図・コンソール・グラフはシミュレーターの完成に合わせて順次ここに加わります。",
                "An empty AWS account to experiment in. The architecture diagram, console and charts join this page as the simulator grows.",
            ),
            Msg::SandboxClockLabel => ("シミュレーション時刻", "Simulated time"),
            Msg::SandboxIntroConsole => (
                "下のコンソールに AWS CLI のコマンドを入力してください。VPC・サブネット・セキュリティグループ・ECR・タスク定義・クラスター・サービスを作成できます。時間は再生ボタンで進みます。",
                "Type AWS CLI commands into the console below: VPCs, subnets, security groups, ECR, task definitions, clusters and services all work. Press play to let time run.",
            ),
            Msg::ConsoleLabel => ("コンソール", "Console"),
            Msg::ConsoleWelcome => (
                "ECS Playground コンソール — `aws help` で使えるサービス、`sim help` でシミュレーターのコマンドを表示します。",
                "ECS Playground console — `aws help` lists the services, `sim help` the simulator's own commands.",
            ),
            Msg::ConsoleInputLabel => ("コマンド", "Command"),
            Msg::TimeControlsLabel => ("時間の操作", "Time controls"),
            Msg::TimePause => ("一時停止", "Pause"),
            Msg::TimePlay => ("{speed}倍速で再生", "Play at {speed}×"),
            Msg::TimeStepSecond => ("+1 秒", "+1 s"),
            Msg::TimeStepMinute => ("+1 分", "+1 min"),
            Msg::SummaryTitle => ("このアカウントのリソース", "In this account"),
            Msg::SummaryVpcs => ("VPC", "VPCs"),
            Msg::SummarySubnets => ("サブネット", "Subnets"),
            Msg::SummaryClusters => ("クラスター", "Clusters"),
            Msg::SummaryServices => ("サービス", "Services"),
            Msg::SummaryRunningTasks => ("実行中のタスク", "Running tasks"),
            Msg::DiagramLabel => ("構成図", "Architecture diagram"),
            Msg::DiagramEmpty => ("まだ何もありません。コンソールで VPC を作成すると、ここに構成図が描かれます（例: aws ec2 create-vpc --cidr-block 10.0.0.0/24）。", "Nothing here yet. Create a VPC in the console and the diagram draws it here (for example: aws ec2 create-vpc --cidr-block 10.0.0.0/24)."),
            Msg::DockLabel => ("下部パネル", "Bottom panel"),
            Msg::TabConsole => ("コンソール", "Console"),
            Msg::TabEvents => ("イベント", "Events"),
            Msg::TabCharts => ("グラフ", "Charts"),
            Msg::TabLogs => ("ログ", "Logs"),
            Msg::LogsGroup => ("ロググループ", "Log group"),
            Msg::LogsStream => ("ストリーム名に含む文字（タスク ID など）", "Stream name contains (a task ID, say)"),
            Msg::LogsSince => ("期間", "Since"),
            Msg::LogsEmpty => ("この期間のログはありません。", "No log events in this period."),
            Msg::LogsNoGroups => (
                "ロググループがまだありません。コンテナ定義で awslogs ドライバーを使い、そのロググループを作成すると（aws logs create-log-group --log-group-name /ecs/web）、タスクのログがここに流れます。",
                "No log groups yet. When a container definition uses the awslogs driver and its log group exists (aws logs create-log-group --log-group-name /ecs/web), the tasks' logs stream in here.",
            ),
            Msg::LogsCli => ("同じものを CLI で", "The same in the CLI"),
            Msg::EventsFilter => ("表示するイベント", "Show events from"),
            Msg::EventsService => ("ECS サービス", "ECS services"),
            Msg::EventsDeployment => ("CodeDeploy", "CodeDeploy"),
            Msg::EventsScaling => ("Auto Scaling", "Auto Scaling"),
            Msg::EventsAlarm => ("CloudWatch アラーム", "CloudWatch alarms"),
            Msg::EventsEmpty => ("まだイベントはありません。", "No events yet."),
            Msg::ChartWindow => ("表示する期間", "Time window"),
            Msg::ChartsEmpty => ("まだグラフにするデータがありません。sim load で負荷をかけるか、デプロイやオートスケーリングを始めてください。", "No data to chart yet. Send load with sim load, or start a deployment or autoscaling."),
            Msg::ChartTrafficShift => ("トラフィックの切り替え（{id}）", "Traffic shifting ({id})"),
            Msg::ChartInsightsHint => ("タスク数（希望・実行中・保留中）のグラフは、クラスターの Container Insights を有効にすると表示されます: aws ecs update-cluster-settings --cluster クラスター名 --settings name=containerInsights,value=enabled", "Task counts (desired, running, pending) are charted once the cluster has Container Insights on: aws ecs update-cluster-settings --cluster NAME --settings name=containerInsights,value=enabled"),
            Msg::ChartTaskCounts => ("タスク数（Container Insights）: {service}", "Task counts (Container Insights): {service}"),
            Msg::ChartLatency => ("応答時間（p50・p95）: {name}", "Response time (p50, p95): {name}"),
            Msg::ChartHealthyHosts => ("正常なターゲット: {name}", "Healthy targets: {name}"),
            Msg::ChartScaling => ("オートスケーリング: {service} の {metric}", "Autoscaling: {metric} of {service}"),
            Msg::ChartLoad => ("負荷とエラー: {name}", "Load and errors: {name}"),
            Msg::ChartUtilisation => ("CPU とメモリの使用率: {service}", "CPU and memory utilisation: {service}"),
            Msg::ChartTarget => ("目標値", "target"),
            Msg::ChartLatest => ("最新の値", "Latest values"),
            Msg::PanelLabel => ("選択したリソース", "Selected resource"),
            Msg::PanelHint => ("構成図の VPC・サブネット・ロードバランサー・タスクを選ぶと、ここに詳細と同じ情報を見る AWS CLI コマンドが表示されます。", "Select a VPC, subnet, load balancer or task in the diagram to see its details here, with the AWS CLI commands that show the same."),
            Msg::PanelCli => ("同じことを CLI で", "The same with the CLI"),
            Msg::PanelRun => ("コンソールで実行", "Run in the console"),
            Msg::PanelClose => ("閉じる", "Close"),
            Msg::LessonPanelLabel => ("レッスン", "Lesson"),
            Msg::LessonStepOf => ("ステップ {n} / {total}", "Step {n} of {total}"),
            Msg::LessonGoals => ("ゴール", "Goals"),
            Msg::GoalMet => ("達成:", "Done:"),
            Msg::GoalNotMet => ("未達成:", "Not yet:"),
            Msg::LessonShowHint => ("ヒントを見る", "Show a hint"),
            Msg::LessonShowSolution => ("解答を表示", "Show the solution"),
            Msg::LessonApplySolution => ("解答をコンソールで実行", "Run the solution in the console"),
            Msg::LessonStepDone => ("✓ このステップは完了です。", "✓ This step is complete."),
            Msg::LessonPrev => ("前へ", "Previous"),
            Msg::LessonNext => ("次へ", "Next"),
            Msg::LessonReset => ("レッスンを最初から", "Restart the lesson"),
            Msg::LessonFinished => ("レッスン完了です！", "Lesson complete!"),
            Msg::LessonNextLesson => ("次のレッスン: {title}", "Next lesson: {title}"),
            Msg::LessonLoading => ("レッスンを読み込んでいます…", "Loading the lesson…"),
            Msg::LessonBroken => ("このレッスンファイルには問題があります", "This lesson file has problems"),
            Msg::LessonCompleted => ("完了", "Completed"),
            Msg::LessonStepsDone => ("{done} / {total} ステップ", "{done} of {total} steps"),
            Msg::QuizCheck => ("答え合わせ", "Check my answer"),
            Msg::QuizCorrect => ("正解", "Correct."),
            Msg::QuizWrong => ("不正解", "Not quite."),
            Msg::PanelWhy => ("なぜこの状態か（ヘルスチェックの経路）", "Why (the health check's path)"),
            Msg::PanelPathOpen => ("経路は通っています。", "The path is open."),
            Msg::PanelPathBlocked => ("✗ の箇所で通信が止められています。", "Traffic is stopped at the ✗."),
            Msg::TimeUntilSteady => ("安定するまで", "Until steady"),
            Msg::TimeUntilSteadyHelp => ("デプロイやスケーリングが落ち着くまで時間を進めます（最大 2 時間）", "Move time on until deployments and scaling settle (at most 2 hours)"),
            Msg::LessonChallenge => ("チャレンジ: ヒントなしでゴールを達成しましょう。目安は {par} コマンド（ここまで {n}）。", "Challenge: reach the goals without hints, in about {par} commands (so far: {n})."),
            Msg::LessonResetStep => ("このステップをやり直す", "Redo this step"),
            Msg::FormPicker => ("フォームで作成・変更", "Create or change with a form"),
            Msg::FormPickerNone => ("— フォームを選択 —", "— choose a form —"),
            Msg::FormCli => ("同じことをする CLI コマンド", "The same in the AWS CLI"),
            Msg::FormCliHelp => ("フォームはこのコマンドをコンソールで実行します。", "The form runs exactly this in the console."),
            Msg::FormRun => ("実行", "Run"),
            Msg::FormClose => ("閉じる", "Close"),
            Msg::FormDone => ("完了しました。同じコマンドがコンソールにも表示されています。", "Done. The same command is in the console too."),
            Msg::FormBusy => ("コンソールでコマンドの入力が続いています（プロンプトが >）。終わらせてから実行してください。", "The console is in the middle of a command (the prompt is >). Finish it first."),
            Msg::FormFailed => ("AWS がこのリクエストを拒否しました。何も変更されていません。", "AWS refused the request; nothing changed."),
            Msg::FormOptional => ("（任意）", " (optional)"),
            Msg::FormNoChoices => ("選べるものがまだありません。先に作成してください。", "Nothing to choose yet: create one first."),
            Msg::SaveShareTitle => ("保存・共有・書き出し", "Save, share, export"),
            Msg::SnapshotName => ("スナップショット名", "Snapshot name"),
            Msg::SnapshotDefaultName => ("スナップショット {time}", "Snapshot at {time}"),
            Msg::SnapshotSave => ("スナップショットを保存", "Save a snapshot"),
            Msg::SnapshotRestore => ("復元", "Restore"),
            Msg::SnapshotDelete => ("削除", "Delete"),
            Msg::SnapshotsEmpty => ("スナップショットはまだありません。", "No snapshots yet."),
            Msg::SnapshotFull => ("スナップショットは {max} 個までです。古いものを削除してください。", "At most {max} snapshots are kept: delete one first."),
            Msg::SnapshotSaved => ("「{name}」を保存しました。", "Saved \u{201c}{name}\u{201d}."),
            Msg::SnapshotRestored => ("「{name}」を復元しました。復元前の状態は「{backup}」として保存してあります。", "Restored \u{201c}{name}\u{201d}. What you had is saved as \u{201c}{backup}\u{201d}."),
            Msg::SnapshotUnreadable => ("このスナップショットは読み込めませんでした。サンドボックスは変更していません。", "This snapshot could not be read; the sandbox is unchanged."),
            Msg::ShareMake => ("共有リンクを作成", "Make a share link"),
            Msg::ShareCopy => ("コピー", "Copy"),
            Msg::ShareHelp => ("リンクには入力したコマンドとその時刻が入っています。開いた人のブラウザで同じ順に再生され、同じ世界になります。", "The link carries the commands you ran and when; opening it replays them in the same order, which gives the same world."),
            Msg::ShareNoJournal => ("このサンドボックスは共有リンク機能より前に作られたため、コマンドの履歴がありません。リセットしてから作り直すと共有できます（今の状態はスナップショットで残せます）。", "This sandbox was started before share links existed, so its command history is unknown. Reset it to share what you build next (a snapshot keeps what you have now)."),
            Msg::ShareTooLarge => ("履歴が長すぎてリンクにできません（{chars} 文字、上限 {max} 文字）。セッションをスクリプトとして書き出して共有してください。", "The history is too long for a link ({chars} characters; at most {max}). Export the session as a script and share that instead."),
            Msg::ExportTitle => ("書き出し", "Export"),
            Msg::ExportTaskDefinitions => ("タスク定義（JSON）", "Task definitions (JSON)"),
            Msg::ExportAppSpec => ("AppSpec（YAML）", "AppSpec (YAML)"),
            Msg::ExportSession => ("セッション（シェルスクリプト）", "Session (shell script)"),
            Msg::ExportCloudFormation => ("構成全体（CloudFormation YAML）", "The architecture (CloudFormation YAML)"),
            Msg::ExportNothing => ("書き出すものがまだありません。", "Nothing to export yet."),
            Msg::NoticeSharedOpened => ("共有された世界を開きました。それまでのサンドボックスはスナップショット「{name}」として保存してあります。", "Opened the shared world. Your sandbox as it was is saved as the snapshot \u{201c}{name}\u{201d}."),
            Msg::NoticeSharedRefused => ("共有リンクを開けませんでした（{reason}）。サンドボックスは変更していません。", "The shared link could not be opened ({reason}). Your sandbox is unchanged."),
            Msg::PanelAddresses => ("このサブネットの IP アドレス", "This subnet's IP addresses"),
            Msg::ConsoleCopy => ("出力をコピー", "Copy the output"),
            Msg::ConsoleCopied => ("コピーしました", "Copied"),
            Msg::PanelOutlined => ("（図で赤い破線で囲んでいます）", "(outlined in red dashes in the diagram)"),
            Msg::ProgressTitle => ("学習の進み具合", "Your progress"),
            Msg::ProgressExport => ("進み具合をファイルに保存", "Save progress to a file"),
            Msg::ProgressImport => ("ファイルから進み具合を読み込む（今の進み具合と合わせます）", "Load progress from a file (merged with what is here)"),
            Msg::ProgressImported => ("進み具合を読み込みました。", "Progress loaded."),
            Msg::ProgressImportFailed => ("読み込めませんでした: {reason}。何も変わっていません。", "Could not load it: {reason}. Nothing changed."),
            Msg::NoticeSavedRecentMetrics => ("ブラウザーの保存領域がいっぱいのため、メトリクスは直近 {hours} 時間分だけを保存しました（リソースと時刻はすべて保存済み）。不要なスナップショットを削除すると全体を保存できます。", "The browser's storage is full, so only the last {hours} hours of metrics were saved (every resource and the clock were). Deleting snapshots you no longer need makes room for all of it."),
            Msg::ProjectorMode => ("プロジェクター", "Projector"),
            Msg::ProjectorHint => ("大きな文字と高いコントラストで表示します（勉強会の画面共有に）", "Large text and high contrast, for a study group's shared screen"),
            Msg::PredictGuess => ("あなたの予想", "Your prediction"),
            Msg::PredictWatch => ("時計を進めて確かめる", "Run the clock and watch"),
            Msg::PredictResult => ("予想: {guess} ／ 実際: {actual}", "You predicted {guess}; it was {actual}."),
            Msg::PredictClose => ("✓ ほぼ当たりです。", "✓ Close enough."),
            Msg::PredictFar => ("予想と違いました。理由を読んでみましょう。", "Not what you expected: here is why."),
            Msg::RecheckPassed => ("✓ 別のシードでも確認しました。たまたまうまくいったのではありません。", "✓ Re-checked on a second seed: your solution does not depend on luck."),
            Msg::RecheckMissed => ("もう少しです。同じコマンドを別のシード（ランダムな選択だけが違う世界）で再生すると、次のゴールが達成されませんでした。--availability-zone の指定漏れなど、運に頼っている部分がないか確認してください。", "Almost. Replaying your commands on a second seed (the same ids, other random choices), these goals were not met. Check for anything left to chance, such as a subnet created without --availability-zone."),
            Msg::RecheckAgain => ("もう一度確認する", "Check again"),
            Msg::RecheckUnavailable => ("別のシードでの再確認はできませんでした（{reason}）。", "Could not re-check on a second seed ({reason})."),
            Msg::StudyGroup => ("勉強会", "Study group"),
            Msg::FacilitatorLinkLabel => ("ファシリテーター用リンク", "Facilitator link"),
            Msg::FacilitatorLinkHint => ("このリンクを開いた全員が、同じレッスン・同じステップ・同じシードの世界から始めます（それまでのステップは模範解答で進めた状態）。開く人の今の世界はスナップショットとして保存されます。", "Everyone who opens this link starts at the same lesson, step and seed (earlier steps done by the reference solutions). Their current world is kept as a snapshot first."),
            Msg::FacilitatorCopy => ("リンクをコピー", "Copy the link"),
            Msg::FacilitatorOpened => ("ファシリテーターのリンクでステップ {step} から始めます。これまでの世界はスナップショット「{name}」に保存しました（サンドボックスから復元できます）。", "Starting at step {step} from the facilitator's link. Your previous world was kept as the snapshot \"{name}\" (restore it from the sandbox)."),
            Msg::FacilitatorOpenedFresh => ("ファシリテーターのリンクでステップ {step} から始めます。", "Starting at step {step} from the facilitator's link."),
            Msg::FacilitatorRefused => ("ファシリテーターのリンクを開けませんでした: {reason}", "The facilitator's link could not be opened: {reason}"),
            Msg::CompareTitle => ("模範解答の世界と比べる", "Compare my world with the reference"),
            Msg::CompareRun => ("比べる", "Compare"),
            Msg::CompareSame => ("✓ 構成は模範解答と同じです。", "✓ Your architecture matches the reference."),
            Msg::CompareSummary => ("違い: あなたの世界だけ {mine} 行、模範解答だけ {reference} 行（CloudFormation テンプレートとして比較）", "Differences: {mine} lines only in yours, {reference} only in the reference (compared as CloudFormation templates)"),
            Msg::CompareHint => ("このステップの模範解答まで進めた世界と、今のあなたの世界の構成を比べます。名前や順序が違っても正解のことはあります。ゴールの判定は状態で行います。", "Compares your world with the world the reference solutions reach by the end of this step. A different name or order can still be right: goals check the state."),
            Msg::SandboxReset => ("サンドボックスをリセット", "Reset the sandbox"),
            Msg::NoticeSandboxSetAside => (
                "保存されていたサンドボックスを読み込めなかったため、新しいアカウントで開始しました。元のデータは「{key}」に退避してあります。",
                "The saved sandbox could not be read, so it started with a fresh account. The original was set aside under \u{201c}{key}\u{201d}.",
            ),
            Msg::NotFoundTitle => ("ページが見つかりません", "Page not found"),
            Msg::NotFoundBody => (
                "お探しのページは存在しないか、移動しました。",
                "The page you asked for does not exist or has moved.",
            ),
            Msg::BackHome => ("ホームへ戻る", "Back to home"),
            Msg::NoticeDismiss => ("閉じる", "Dismiss"),
            Msg::NoticeStorageUnavailable => (
                "このブラウザではデータを保存できません（プライベートモードや保存の無効化など）。このタブを閉じると進捗は失われます。",
                "This browser is not letting the site save data (private mode or blocked storage). Progress will be lost when this tab closes.",
            ),
            Msg::NoticeCorruptSetAside => (
                "保存データを読み込めなかったため、新しい状態で開始しました。元のデータは「{key}」に退避してあります。",
                "Your saved data could not be read, so the app started fresh. The original data was set aside under \u{201c}{key}\u{201d}.",
            ),
            Msg::NoticeFutureSetAside => (
                "保存データは新しいバージョン（{version}）のアプリで作られたため、新しい状態で開始しました。元のデータは「{key}」に退避してあります。",
                "Your saved data was written by a newer version of the app (schema {version}), so this one started fresh. The original data was set aside under \u{201c}{key}\u{201d}.",
            ),
            Msg::NoticeBackupFailed => (
                "保存データを読み込めず、退避もできませんでした。上書きしないよう、このセッションでは保存を停止しています。",
                "Your saved data could not be read or set aside. Saving is paused for this session so that nothing is overwritten.",
            ),
            Msg::NoticeSaveFailed => (
                "保存に失敗しました: {reason}",
                "Saving failed: {reason}",
            ),
            Msg::ConsoleCancel => ("取り消す（Ctrl+C）", "Cancel (Ctrl+C)"),
            Msg::ConsoleWaitingHint => (
                "コマンドの続きを待っています（閉じていない引用符やヒアドキュメント）。Ctrl+C で取り消せます。",
                "The command is not finished yet (an open quote or a here-document). Ctrl+C cancels it.",
            ),
            Msg::CodeCopy => ("コピー", "Copy"),
            Msg::CodeCopied => ("コピーしました", "Copied"),
            Msg::CodeRun => ("コンソールで実行", "Run in the console"),
            Msg::NoticeQuotaExceeded => (
                "ブラウザの保存容量が上限に達したため保存できませんでした。古いスナップショットを削除してください。",
                "The browser's storage is full, so nothing was saved. Delete old snapshots to make room.",
            ),
        };
        match lang {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }

    /// The text with each `{name}` placeholder replaced by its value.
    pub fn fill(self, lang: Lang, values: &[(&str, &str)]) -> String {
        let mut text = self.text(lang).to_string();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_language_picks_the_first_supported_one() {
        assert_eq!(Lang::from_browser(["ja-JP", "en-US"]), Lang::Ja);
        assert_eq!(Lang::from_browser(["fr-FR", "ja"]), Lang::Ja);
        assert_eq!(Lang::from_browser(["en-GB", "ja-JP"]), Lang::En);
        assert_eq!(Lang::from_browser(["de-DE"]), Lang::En);
        assert_eq!(Lang::from_browser(Vec::<&str>::new()), Lang::En);
    }

    #[test]
    fn placeholders_are_filled_in_both_languages() {
        for lang in Lang::ALL {
            let text = Msg::NoticeCorruptSetAside.fill(lang, &[("key", "k.1")]);
            assert!(text.contains("k.1"), "{text}");
            assert!(!text.contains("{key}"), "{text}");
        }
    }

    #[test]
    fn serialises_as_the_language_tag() {
        assert_eq!(serde_json::to_string(&Lang::Ja).unwrap(), "\"ja\"");
        assert_eq!(serde_json::from_str::<Lang>("\"en\"").unwrap(), Lang::En);
    }
}
