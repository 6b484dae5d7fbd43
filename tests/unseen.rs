//! Sentences in the style of the genre that no rule was tuned on: targets,
//! officials and organisations must hold beyond the sample corpus.

use cqextract::ingest::Article;
use cqextract::record::Record;

use crate::util::extractor;

fn records(text: &str) -> Vec<Record> {
    extractor().extract(&Article::from_text("unseen", text))
}

fn targets(text: &str) -> Vec<String> {
    records(text)
        .iter()
        .filter_map(|r| match r {
            Record::Target(t) => Some(format!(
                "{} {} {} {:?} {:?}",
                t.comparator.as_deref().unwrap_or("-"),
                t.value.map(|v| v.to_string()).unwrap_or_else(|| "-".into()),
                t.unit.as_deref().unwrap_or("-"),
                t.deadline,
                t.horizon_years
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn goals_with_deadlines_comparators_and_lists() {
    assert_eq!(targets("到2026年，全市规上工业企业研发机构覆盖率达到50%以上。"), [">= 50 % Some(2026) None"]);
    assert_eq!(
        targets("力争未来3年，新培育专精特新企业超过500家、引进高端人才1000名。"),
        ["> 500 家 None Some(3)", "= 1000 人 None Some(3)"]
    );
    assert_eq!(
        targets("到2030年，数字经济核心产业和软件业营业收入分别达到3000亿元和5000亿元。"),
        ["= 300000000000 元 Some(2030) None", "= 500000000000 元 Some(2030) None"]
    );
    assert_eq!(targets("到2035年，全面建成西部金融中心。"), ["- - - Some(2035) None"]);
    // The year of a plan, and a five-year plan by name.
    assert_eq!(targets("2026年，全市将力争技术合同成交额突破1500亿元。"), ["> 150000000000 元 Some(2026) None"]);
    assert_eq!(targets("“十五五”期间，全市力争研发投入强度达到3%。"), ["= 3 % Some(2030) None"]);
}

#[test]
fn reports_are_no_goals() {
    assert!(targets("2023年，全市研发投入强度预计达到2.4%。").is_empty());
    assert!(targets("截至今年6月底，已累计培育科技型企业4.3万家。").is_empty());
    assert!(targets("上半年分别完成全年目标的56%和61%。").is_empty());
    assert!(targets("“十三五”期间，全市研发人员增长64%。").is_empty());
    assert!(targets("2023年，重庆将科技创新摆在突出位置，研发投入增长12%。").is_empty());
}

#[test]
fn officials_and_organisations_of_unseen_sentences() {
    let found = records("“创新是第一动力。”市教委党组书记、主任王大成说，重庆理工大学与长江上游智能制造研究院将共建联合实验室。");
    let official = found.iter().find_map(|r| if let Record::Official(o) = r { Some(o) } else { None }).expect("official");
    let positions: Vec<(Option<&str>, &str)> = official.positions.iter().map(|p| (p.org_canonical.as_deref(), p.title.as_str())).collect();
    assert_eq!(official.name, "王大成");
    assert_eq!(positions, [(Some("重庆市教育委员会"), "党组书记"), (Some("重庆市教育委员会"), "主任")]);
    let orgs: Vec<&str> = found.iter().filter_map(|r| if let Record::Organisation(o) = r { Some(o.name.as_str()) } else { None }).collect();
    assert_eq!(orgs, ["重庆市教育委员会", "重庆理工大学", "长江上游智能制造研究院"]);
}

#[test]
fn officials_listed_after_one_another_and_met() {
    // An official's (organisation, title) pair.
    type Position = (Option<String>, String);
    let found = records("市委副书记、市长刘建华会见了中冶赛迪集团党委书记、董事长周明一行。集团总经理王海、副总经理李强等参加。");
    let officials: Vec<(String, Vec<Position>)> = found
        .iter()
        .filter_map(|r| if let Record::Official(o) = r { Some(o) } else { None })
        .map(|o| (o.name.clone(), o.positions.iter().map(|p| (p.org.clone(), p.title.clone())).collect()))
        .collect();
    let pos = |org: Option<&str>, title: &str| (org.map(str::to_string), title.to_string());
    assert_eq!(
        officials,
        [
            ("刘建华".to_string(), vec![pos(None, "市委副书记"), pos(None, "市长")]),
            ("周明".to_string(), vec![pos(Some("中冶赛迪集团"), "党委书记"), pos(Some("中冶赛迪集团"), "董事长")]),
            ("王海".to_string(), vec![pos(Some("集团"), "总经理")]),
            ("李强".to_string(), vec![pos(Some("集团"), "副总经理")]),
        ]
    );
    let orgs: Vec<&str> = found.iter().filter_map(|r| if let Record::Organisation(o) = r { Some(o.name.as_str()) } else { None }).collect();
    assert!(!orgs.iter().any(|o| o.contains("会见")), "{orgs:?}");
}

#[test]
fn spokespeople_committees_and_regional_roles() {
    let found = records(
        "会上,市经济信息委党组成员、副主任、新闻发言人张涵介绍,重庆市委科技委统筹推动川渝地区科技创新中心建设,20余个产业创新联盟相继成立。",
    );
    let official = found.iter().find_map(|r| if let Record::Official(o) = r { Some(o) } else { None }).expect("official");
    let titles: Vec<&str> = official.positions.iter().map(|p| p.title.as_str()).collect();
    assert_eq!((official.name.as_str(), titles.last().copied()), ("张涵", Some("新闻发言人")));
    let orgs: Vec<&str> = found.iter().filter_map(|r| if let Record::Organisation(o) = r { Some(o.name.as_str()) } else { None }).collect();
    assert!(orgs.contains(&"中共重庆市委科技委员会"), "{orgs:?}");
    assert!(!orgs.iter().any(|o| o.ends_with("科技创新中心") || o.ends_with("联盟")), "{orgs:?}");
    let quoted: Vec<String> = records("“西部陆海新通道建设五年·重庆实践”发布会举行")
        .iter()
        .filter_map(|r| if let Record::Quantity(q) = r { Some(q.text.clone()) } else { None })
        .collect();
    assert!(quoted.is_empty(), "{quoted:?}");
}

#[test]
fn a_source_line_gives_the_date_and_is_no_title() {
    let found = records("来源:科技日报 | 2024-05-20 09:12:40 |\n“科技创新”开新局\n全市研发投入强度2.4%。");
    let article = found.iter().find_map(|r| if let Record::Article(a) = r { Some(a) } else { None }).expect("article");
    assert_eq!((article.title.as_deref(), article.date.as_deref()), (Some("“科技创新”开新局"), Some("2024-05-20")));
}

#[test]
fn metrics_after_a_verb_come_from_the_noun_that_follows() {
    let metrics = |text: &str| -> Vec<(String, Option<String>)> {
        records(text)
            .iter()
            .filter_map(|r| if let Record::Quantity(q) = r { Some((q.text.clone(), q.metric.clone())) } else { None })
            .collect()
    };
    let one = |text: &str, metric: &str| (text.to_string(), Some(metric.to_string()));
    assert_eq!(metrics("市里提出15条创新政策。"), [one("15条", "创新政策")]);
    assert_eq!(metrics("设立3000万元的人才发展基金。"), [one("3000万元", "人才发展基金")]);
    assert_eq!(metrics("未来五年，全市科技投入持续增长。"), [one("五年", "未来")]);
}
