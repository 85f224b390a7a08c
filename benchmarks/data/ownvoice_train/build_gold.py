"""Write gold.jsonl and documents.jsonl of the own-voice train set from the hand-coded rows below.

Each row is (doc, (speaker, organisation), codings, kind, content, note); the content must occur exactly once
in texts/<doc>.txt, and its offsets are computed from it (no offset is typed by hand). Run:

    .venv/bin/python benchmarks/data/ownvoice_train/build_gold.py
"""
# ruff: noqa: E501, E741 (one hand-coded statement per line; S, O, N are the stances)

import json
import pathlib

base = pathlib.Path(__file__).resolve().parent
S, O, N = "support", "oppose", "neutral"
MARSH = ("Richard T. Marsh", "National Freight Carriers Council")
CARVER = ("Helen Carver", "Labour Party")
PELL = ("Geoffrey Pell", "Conservative Party")
DAL = ("Fiona Dalgleish", "Scottish National Party")
PRICE = ("Owen Price", "Liberal Democrats")
ORT = ("Elena Ortega", "Democratic Party")
LIN = ("Karin Lindqvist", "Pacific Policy Institute")
BRE = ("Linda Brennan", "City of Riverton")
HAR = ("Thomas Hargrove", "Republican Party")
RAH = ("Aisha Rahman", "Ministry of Transport and Infrastructure")
rows = [
 ("testimony_marsh", MARSH, [("fuel-tax", S)], "own", "The Council supports raising the federal fuel tax and indexing it to inflation.", ""),
 ("testimony_marsh", MARSH, [("fuel-tax", S)], "own", "Our members would pay a large share of that increase, and we are prepared to do so, because a user fee that goes straight into roads is the fairest way to pay for them.", ""),
 ("testimony_marsh", MARSH, [("high-speed-rail", O)], "own", "The high-speed rail lines proposed in the reauthorization draft would cost more than $60 billion and would not take a single truck off the road.", ""),
 ("testimony_marsh", MARSH, [("high-speed-rail", O)], "own", "That is not a good use of highway users' money.", "anaphoric: the high-speed rail lines"),
 ("testimony_marsh", MARSH, [("congestion-pricing", O)], "own", "Congestion pricing is the wrong answer for freight.", ""),
 ("testimony_marsh", MARSH, [("congestion-pricing", O)], "own", "A truck delivering groceries to a downtown store cannot choose another hour or another route, so a cordon charge is simply a tax on the goods that city residents buy.", ""),
 ("testimony_marsh", MARSH, [("congestion-pricing", O)], "own", "We urge the Committee to reject any federal incentive for cordon pricing.", ""),
 ("testimony_marsh", MARSH, [("zev-mandate", O)], "own", "But a requirement that all new trucks be zero-emission by 2035 cannot be met.", ""),
 ("testimony_marsh", MARSH, [("zev-mandate", O)], "own", "The mandate should be withdrawn.", ""),
 ("testimony_marsh", MARSH, [("transit-funding", N)], "own", "Public transit is a matter for cities and states, and the Council takes no position on transit funding levels.", ""),
 ("debate_commons", CARVER, [("zev-mandate", S)], "own", "The 2030 date is achievable, and it gives manufacturers the certainty they have asked us for.", "turn 'Helen Carver (Ashfield East) (Lab):'"),
 ("debate_commons", CARVER, [("transit-funding", S)], "own", "Bus services are the lifeline of towns like mine, and they deserve the same investment that London has had for decades.", ""),
 ("debate_commons", CARVER, [("high-speed-rail", S)], "own", "The northern leg of the high-speed line must be built in full.", ""),
 ("debate_commons", CARVER, [("zev-mandate", S)], "own", "Prices are falling every year, and we are funding 300,000 new public chargers.", "reply to an intervention on electric car prices; turn 'Helen Carver:'"),
 ("debate_commons", PELL, [("zev-mandate", O)], "own", "A ban on new petrol cars in 2030 is too early and too costly, and it should be pushed back to 2035 at the earliest.", "label 'Sir Geoffrey Pell'"),
 ("debate_commons", PELL, [("high-speed-rail", O)], "own", "I cannot support another penny for it while the roads in my constituency are full of potholes.", "anaphoric: the high-speed line"),
 ("debate_commons", PELL, [("fuel-tax", O)], "own", "We should not be raising fuel duty either; the Treasury has talked of ending the freeze, and that would hit rural drivers hardest.", ""),
 ("debate_commons", DAL, [("transit-funding", S)], "own", "I welcome the investment in buses, but it does not go far enough.", ""),
 ("debate_commons", DAL, [("transit-funding", S)], "own", "Scotland's bus networks need a long-term funding settlement, not another one-year pot.", ""),
 ("debate_commons", DAL, [("congestion-pricing", S)], "own", "Road pricing in city centres would raise money for public transport and cut pollution at the same time, and this House should allow cities to bring it in.", ""),
 ("debate_commons", PRICE, [("congestion-pricing", S)], "own", "Congestion charges work.", ""),
 ("debate_commons", PRICE, [("congestion-pricing", S)], "own", "I support giving every city the power to introduce one.", ""),
 ("debate_commons", PRICE, [("zev-mandate", S)], "own", "I also support the 2030 date for new cars, provided rural areas get chargers first.", ""),
 ("pressrelease_ortega", ORT, [("high-speed-rail", S)], "own", "The Central Valley was promised a train, and the Central Valley is going to get one,", "quote of the release's own speaker; span without the closing quote mark"),
 ("pressrelease_ortega", ORT, [("high-speed-rail", S)], "own", "High-speed rail will connect our farmworkers, our students and our small businesses to jobs and universities across California.", ""),
 ("pressrelease_ortega", ORT, [("high-speed-rail", S)], "own", "Walking away now would waste every dollar already spent.", ""),
 ("pressrelease_ortega", ORT, [("transit-funding", S)], "own", "Our buses are too slow and too rare,", ""),
 ("pressrelease_ortega", ORT, [("transit-funding", S)], "own", "A worker in Fresno should not have to wait an hour for a bus to get to her job.", ""),
 ("pressrelease_ortega", ORT, [("transit-funding", S)], "own", "This bill doubles the money for local transit, and I will fight for every cent of it.", ""),
 ("pressrelease_ortega", ORT, [("fuel-tax", O)], "reported", "she opposes any further increase in the gas tax while Valley families drive long distances to work", "'Ortega has said she opposes ...': the release reports its own speaker"),
 ("pressrelease_ortega", ("Maria Chen", "Valley Transit Riders United"), [("transit-funding", S)], "reported", "is the biggest investment in Valley buses in a generation", "third party quoted"),
 ("pressrelease_ortega", ("Maria Chen", "Valley Transit Riders United"), [("transit-funding", S)], "reported", "more frequent service would help seniors and students who cannot drive", "indirect speech"),
 ("pressrelease_ortega", (None, "California Trucking Alliance"), [("high-speed-rail", O)], "reported", "Four billion dollars for a train is four billion dollars not spent on Highway 99,", "organisation, no person"),
 ("oped_lindqvist", LIN, [("congestion-pricing", S)], "own", "Congestion pricing, a charge for driving into the busiest parts of a city at the busiest hours, is the most effective way to cut traffic that economists know.", "byline 'By Karin Lindqvist', tagline names the institute"),
 ("oped_lindqvist", LIN, [("congestion-pricing", S), ("transit-funding", S)], "own", "Our city should adopt a cordon charge and use the revenue to run more buses.", ""),
 ("oped_lindqvist", LIN, [("fuel-tax", S)], "own", "The federal gas tax has not been raised since 1993, and drivers now pay far less than the cost of the roads they wear out.", ""),
 ("oped_lindqvist", LIN, [("fuel-tax", S)], "own", "Congress should raise it, and index it to inflation, until electric vehicles make a per-mile charge practical.", "it = the gas tax"),
 ("oped_lindqvist", LIN, [("transit-funding", S)], "own", "Spending the revenue on transit is the most progressive thing a city can do.", ""),
 ("oped_lindqvist", LIN, [("high-speed-rail", O)], "own", "I am less enthusiastic about the state's high-speed rail project.", ""),
 ("oped_lindqvist", LIN, [("high-speed-rail", O)], "own", "At more than $100 billion, it is a poor bargain.", ""),
 ("oped_lindqvist", LIN, [("high-speed-rail", O)], "own", "Legislators should stop pouring money into it.", ""),
 ("oped_lindqvist", LIN, [("zev-mandate", O)], "own", "Nor do I think banning the sale of gasoline cars is wise.", ""),
 ("oped_lindqvist", LIN, [("zev-mandate", O)], "own", "A ban picks a technology instead of pricing pollution.", ""),
 ("interview_brennan", BRE, [("congestion-pricing", O)], "own", "No, not while I am mayor.", "answer to 'Will Riverton do it?' (a downtown charge)"),
 ("interview_brennan", BRE, [("congestion-pricing", O)], "own", "Half of the people who work downtown have no bus that gets them there before eight in the morning, so a downtown toll would punish the very people we most need to help.", ""),
 ("interview_brennan", BRE, [("congestion-pricing", O)], "own", "Congestion pricing is the wrong policy for a city our size.", ""),
 ("interview_brennan", BRE, [("congestion-pricing", O)], "own", "I understand the argument, and I do not think it holds up here.", "the host's argument for the toll"),
 ("interview_brennan", BRE, [("transit-funding", S)], "own", "We need the buses first.", ""),
 ("interview_brennan", BRE, [("transit-funding", S)], "own", "The federal government should restore the operating assistance it gave cities in 2021, because that money kept our buses running.", ""),
 ("interview_brennan", BRE, [("transit-funding", S)], "own", "I have asked our congressional delegation to fight for it.", ""),
 ("interview_brennan", BRE, [("zev-mandate", S)], "own", "I think it is the right goal.", "the governor's 2035 electric target"),
 ("interview_brennan", BRE, [("zev-mandate", S)], "own", "The 2035 target gives the automakers and the utilities enough time, and I support it.", ""),
 ("interview_brennan", BRE, [("fuel-tax", O)], "own", "A gas tax increase hits the people who have the longest drives, and in this region that means working families.", ""),
 ("interview_brennan", BRE, [("fuel-tax", O)], "own", "I would not support one this year.", ""),
 ("speech_hargrove", HAR, [("fuel-tax", O)], "own", "I will not sign an increase in the state fuel tax.", "'I am proud to be a Republican governor'"),
 ("speech_hargrove", HAR, [("fuel-tax", O)], "own", "Our families drive farther than almost anyone in America, and they already pay enough at the pump.", ""),
 ("speech_hargrove", HAR, [("fuel-tax", O)], "own", "When Washington talks about raising the federal gas tax, I say the same thing: find the money in the budget you already have.", ""),
 ("speech_hargrove", HAR, [("zev-mandate", O)], "own", "I also oppose the federal mandate that would force every new car sold after 2035 to be electric.", ""),
 ("speech_hargrove", HAR, [("zev-mandate", O)], "own", "Let people buy the vehicles that work for them.", ""),
 ("speech_hargrove", HAR, [("high-speed-rail", O)], "own", "Our state has two million people spread over eighty-three thousand square miles, and a bullet train would be a monument to wishful thinking.", ""),
 ("speech_hargrove", HAR, [("high-speed-rail", O)], "own", "We will not spend a dime on it.", ""),
 ("speech_hargrove", HAR, [("transit-funding", S)], "own", "Our rural bus program connects seniors to clinics and veterans to the VA hospital, and I have asked the legislature to expand it by a third.", ""),
 ("speech_hargrove", HAR, [("transit-funding", S)], "own", "Small-town transit deserves federal support, and I will keep pressing our delegation for it.", ""),
 ("speech_hargrove", ("Carla Jimenez", None), [("congestion-pricing", S)], "reported", "Idaho should charge drivers a toll to enter downtown Boise", "his opponent, party not stated"),
 ("ministry_rahman", RAH, [("zev-mandate", S)], "own", "the Zero-Emission Vehicle Sales Regulation will remain in force as written", "'the Government of Canada confirmed that': the minister speaks for the government"),
 ("ministry_rahman", RAH, [("zev-mandate", S)], "own", "Every new light-duty vehicle sold in Canada will be zero-emission by 2035.", ""),
 ("ministry_rahman", RAH, [("zev-mandate", S)], "own", "We will not.", "refuses to delay the regulation"),
 ("ministry_rahman", RAH, [("zev-mandate", S)], "own", "Weakening the target now would put those investments and the jobs that come with them at risk.", ""),
 ("ministry_rahman", RAH, [("transit-funding", S)], "own", "The Ministry is also increasing its support for public transit.", ""),
 ("ministry_rahman", RAH, [("transit-funding", S)], "own", "The Canada Public Transit Fund will provide $3 billion a year to municipalities, starting next April, for new buses, new light rail and the maintenance of existing systems.", ""),
 ("ministry_rahman", RAH, [("congestion-pricing", N)], "own", "We are not introducing a national road pricing scheme.", "defers to provinces and cities"),
 ("ministry_rahman", RAH, [("congestion-pricing", N)], "own", "Decisions about congestion charges belong to provinces and cities, and the federal government will not impose one.", ""),
 ("ministry_rahman", (None, "Canadian Automobile Dealers Council"), [("zev-mandate", O)], "reported", "the 2035 target is unrealistic", "organisation, no person"),
 ("ministry_rahman", RAH, [("zev-mandate", S)], "own", "We respectfully disagree.", "with the dealers' council"),
 ("ministry_rahman", RAH, [("fuel-tax", N)], "own", "the Government has no plans to change it, and the Ministry takes no position on proposals by some provinces to raise their own fuel taxes.", ""),
]
out = []
for doc, (speaker, org), codings, kind, content, note in rows:
    text = (base / "texts" / f"{doc}.txt").read_text(encoding="utf-8")
    assert text.count(content) == 1, (doc, content, text.count(content))
    start = text.index(content)
    out.append({"doc": doc, "content_start": start, "content_end": start + len(content), "speaker": speaker,
                "organisation": org, "codings": [{"issue": i, "stance": s} for i, s in codings], "kind": kind,
                "content": content, "note": note})
out.sort(key=lambda r: (r["doc"], r["content_start"]))
with open(base / "gold.jsonl", "w", encoding="utf-8") as h:
    for row in out:
        h.write(json.dumps(row, ensure_ascii=False) + "\n")
print(len(out), "statements,", sum(r["kind"] == "own" for r in out), "in their speaker's own voice")
meta = [
 ("testimony_marsh", "2025-02-11", "Statement of Richard T. Marsh before the Senate Committee on Commerce, Science, and Transportation", "testimony", dict(speaker="Richard T. Marsh", speaker_org="National Freight Carriers Council", role="Executive Director")),
 ("debate_commons", "2025-03-06", "House of Commons, Transport (Funding and Vehicles) Bill, Second Reading", "debate", {}),
 ("pressrelease_ortega", "2025-03-18", "Ortega Bill Would Put High-Speed Rail Back on Track in the Central Valley", "press-release", dict(speaker="Elena Ortega", speaker_org="Democratic Party", party="Democratic Party", role="State Senator")),
 ("oped_lindqvist", "2025-02-20", "Let drivers pay for the roads they use", "op-ed", dict(speaker="Karin Lindqvist", speaker_org="Pacific Policy Institute", role="Senior Fellow")),
 ("interview_brennan", "2025-01-23", "City Desk: interview with Mayor Linda Brennan", "interview", dict(speaker="Linda Brennan", speaker_org="City of Riverton", role="Mayor")),
 ("speech_hargrove", "2025-04-02", "Remarks by Governor Thomas Hargrove at the Mountain West Transportation Summit", "speech", dict(speaker="Thomas Hargrove", speaker_org="Republican Party", party="Republican Party", role="Governor")),
 ("ministry_rahman", "2025-05-07", "Statement from the Minister of Transport and Infrastructure on the Zero-Emission Vehicle Sales Regulation", "press-release", dict(speaker="Aisha Rahman", speaker_org="Ministry of Transport and Infrastructure", role="Minister of Transport and Infrastructure")),
]
with open(base / "documents.jsonl", "w", encoding="utf-8") as h:
    for doc, date, title, genre, extra in meta:
        text = (base / "texts" / f"{doc}.txt").read_text(encoding="utf-8")
        row = {"id": doc, "date": date, "title": title, "genre": genre, "source": "written for this set (stancemap issue 18, train)", **extra,
               "text_path": f"texts/{doc}.txt", "words": len(text.split()), "text": text}
        h.write(json.dumps(row, ensure_ascii=False) + "\n")
