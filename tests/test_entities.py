"""Entity clean-up on sentences written for these tests: spans without junk, titles out of names,
classes from a name's head word, a title, an age or a known place beside it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def classes(ex) -> dict[str, str]:
    return {e.label: e.cls for e in ex.entities}


def is_org(cls: str) -> bool:
    return cls in ("Organization", "GovernmentOrganization", "NewsOrganization")


def is_place(cls: str) -> bool:
    return cls in ("Place", "City", "Region", "Country", "Island", "Facility")


# 1. a company or institution head word wins over the NER label

def test_company_suffix_makes_an_organisation(extract):
    got = classes(extract("Shares of Widget Inc. rose 5 percent after Brenton Corp said it would buy the firm."))
    assert is_org(got["Widget Inc."]) and is_org(got["Brenton Corp"])


def test_university_of_and_bank_are_organisations(extract):
    got = classes(extract("She studied at the University of Nigeria before joining Atlas Bank in Lagos."))
    assert is_org(got["University of Nigeria"]) and is_org(got["Atlas Bank"]) and got["Lagos"] == "City"


def test_west_bank_is_no_bank(extract):
    got = classes(extract("Settlers clashed with villagers in the West Bank on Friday."))
    assert not is_org(got.get("West Bank", "Place"))


# 2. no punctuation, brackets, scores or numbers in labels

def test_open_bracket_of_a_wire_credit_is_cut(extract):
    ex = extract("BOISE, Idaho (AP) - Firefighters battled a blaze near the city on Monday.")
    got = classes(ex)
    assert "Idaho" in got and is_place(got["Idaho"])
    assert not any("(" in e.label or "AP" in e.label.split() for e in ex.entities)


def test_score_glued_to_a_name_is_cut(extract):
    ex = extract("Federer 6-3 6-4 was the score line as the Swiss star beat his rival in Basel.")
    labels = {e.label for e in ex.entities}
    assert "Federer" in labels and not any(ch.isdigit() for label in labels for ch in label)


def test_number_of_an_organisation_name_is_kept(extract):
    ex = extract("The documentary will be shown on Channel 4 next month, the producers said.")
    assert not any(e.label == "Channel" for e in ex.entities)


def test_no_label_is_a_time_zone(extract):
    ex = extract("Madrid EFE reported the strike at 2100 GMT on Sunday.")
    got = classes(ex)
    assert "GMT" not in got and got.get("Madrid") == "City" and is_org(got["EFE"])


# 3. titles out of person names

def test_state_and_title_before_a_governor(extract):
    got = classes(extract("Ohio Gov. Mark Daley signed the budget bill on Tuesday in Columbus."))
    assert got["Mark Daley"] == "Person" and is_place(got["Ohio"])
    assert not any("Gov" in label for label in got)


def test_title_after_an_organisation_is_not_kept(extract):
    got = classes(extract("Coast Guard Lt. Anna Price said the crew of the trawler had been rescued."))
    assert got["Anna Price"] == "Person" and is_org(got["Coast Guard"])


def test_officer_before_a_name_makes_a_person(extract):
    got = classes(extract("Officer Brannigan was honoured by the mayor of Chicago."))
    assert got["Brannigan"] == "Person" and got["Chicago"] == "City"


def test_king_inside_a_name_stays(extract):
    ex = extract("Martin Luther King Jr. spoke to a crowd in Washington in 1963.")
    assert any(e.label.startswith("Martin Luther King") and e.cls == "Person" for e in ex.entities)


# 4. demonyms to their countries

def test_demonyms_give_their_countries(extract):
    got = classes(extract("Israeli and Palestinian negotiators met Soviet officials in Geneva."))
    assert {"Israel", "Palestine", "Soviet Union"} <= set(got) and got["Soviet Union"] == "Country"


# 5. typing from context

def test_age_in_apposition_makes_a_person(extract):
    got = classes(extract("Police said Jacobs, 24, and Tom Hurley, 31, were charged with robbery in Leeds."))
    assert got["Jacobs"] == "Person" and got["Tom Hurley"] == "Person"


def test_role_noun_in_apposition_makes_a_person(extract):
    got = classes(extract("The suspect shot Kowalski outside a bar, said Wendell, a retired police officer."))
    assert got["Wendell"] == "Person" and got["Kowalski"] == "Person"


def test_known_place_after_a_preposition_is_the_place(extract):
    got = classes(extract("In Idaho, where thousands of acres burned, smoke hung over Boise for days."))
    assert is_place(got["Boise"]) and is_place(got["Idaho"])


def test_place_words_in_front_make_places(extract):
    got = classes(extract("Rescuers searched the lake near Fort Collins and Mount Hood for the missing hikers."))
    assert is_place(got["Fort Collins"]) and is_place(got["Mount Hood"])


def test_all_caps_newspaper_is_a_news_organisation(extract):
    got = classes(extract("The report was first published by the newspaper ZORYA GAZETA on Friday."))
    assert got["ZORYA GAZETA"] == "NewsOrganization"


def test_home_state_of_a_wife_stays_a_place(extract):
    got = classes(extract("Dole had hoped to win in Nevada, the home state of his wife, Martha."))
    assert is_place(got["Nevada"]) and got["Martha"] == "Person"


def test_son_in_apposition_does_not_make_a_city_a_person(extract):
    got = classes(extract("Born in Denver the son of a baker, Miles Hart moved to Paris."))
    assert got["Denver"] == "City" and got["Miles Hart"] == "Person"


def test_newspaper_head_beats_a_person_label(extract):
    ex = extract("The Hokuriku Shimbun reported on Sunday that the mayor of Kanazawa would resign.")
    got = classes(ex)
    assert got.get("Hokuriku Shimbun") == "NewsOrganization"


def test_surname_head_does_not_beat_a_person_label(extract):
    got = classes(extract("Tennis great Margaret Court won the title in Melbourne in 1970."))
    assert got.get("Margaret Court", "Person") == "Person"


# 6. a one-word name is a person's by what is said of it

def test_name_that_says_he_is_a_person_and_a_firm_that_says_it_is_not(extract):
    assert classes(extract("Halvorsen said he would appeal the ruling before the end of the month."))["Halvorsen"] == "Person"
    got = classes(extract("Brightwater said it would appeal the ruling before the end of the month."))
    assert is_org(got["Brightwater"])


def test_who_after_a_name_makes_a_person_but_not_after_a_place(extract):
    got = classes(extract("The contract was awarded to Halloran, who heads the local builders association."))
    assert got["Halloran"] == "Person"
    got = classes(extract("The singer Lena Brandt, 61, born in Houston, who began her career in church, died on Friday."))
    assert is_place(got["Houston"]) and got["Lena Brandt"] == "Person"


def test_kin_of_a_name_and_a_killing_of_it_make_a_person(extract):
    got = classes(extract("Pemberton's widow told reporters the family would sue the hospital."))
    assert got["Pemberton"] == "Person"
    got = classes(extract("Vantex's shareholders approved the merger with a rival chipmaker."))
    assert is_org(got["Vantex"])
    got = classes(extract("Thousands mourned after the assassination of Delacroix in the capital."))
    assert got["Delacroix"] == "Person"


def test_hometown_of_a_place_stays_a_place(extract):
    got = classes(extract("The senator returned to his hometown of Wichita, Kan., to announce his campaign."))
    assert is_place(got["Wichita"])


def test_year_old_before_a_name_makes_a_person_not_before_a_compound(extract):
    got = classes(extract("Police found 9-year-old Marisol unharmed in a barn near the river on Sunday."))
    assert got["Marisol"] == "Person"
    got = classes(extract("Dan Ruiz, a 40-year-old Tulsa truck driver, was charged with fraud on Monday."))
    assert is_place(got.get("Tulsa", "City"))


# 7. a known place by the words around it

def test_of_after_a_person_a_company_or_a_direction_gives_the_place(extract):
    got = classes(extract("Marta Reyes, 37, of Dayton, was charged with theft."))
    assert got["Marta Reyes"] == "Person" and is_place(got["Dayton"])
    got = classes(extract("The fire burned 70 miles northeast of Boise on Tuesday."))
    assert is_place(got["Boise"])


def test_native_after_a_known_place_gives_the_place(extract):
    got = classes(extract("Mr. Dale, a Fargo native, sent one of his old records to the museum."))
    assert is_place(got["Fargo"]) and got["Dale"] == "Person"


def test_a_known_place_paired_with_another_is_a_place_but_two_people_stay_people(extract):
    got = classes(extract("The talks between Bratislava and Budapest failed again on Friday."))
    assert got["Bratislava"] == "City" and got["Budapest"] == "City"
    got = classes(extract("Jackson and Lee met in Atlanta on Monday."))
    assert got["Jackson"] == "Person" and got["Lee"] == "Person"


def test_city_before_a_broadcaster_is_split_off(extract):
    ex = extract("The report was monitored from Havana Radio Rebelde Network in Spanish on Sunday.")
    got = classes(ex)
    assert got["Havana"] == "City" and is_org(got["Radio Rebelde Network"])
    got = classes(extract("Moscow Radio reported the fire on Sunday."))
    assert is_org(got["Moscow Radio"]) and "Moscow" not in got


def test_wire_item_number_is_cut_and_the_city_after_it_is_a_place(extract):
    ex = extract("The Grain Trade Board Report XY0304050694 Lisbon")
    got = classes(ex)
    assert got.get("Lisbon") == "City" and not any("0304" in e.label for e in ex.entities)
    got = classes(extract("Minister Resigns Over Loans XY0304050694 Oslo NTB in English 1200 GMT 3 May 94"))
    assert got["Oslo"] == "City" and is_org(got["NTB"])


def test_a_name_after_a_lower_case_role_noun_is_a_person(extract):
    ex = extract("Greenpeace spokesperson Marta Vidal said the ship would sail.")
    assert classes(ex)["Marta Vidal"] == "Person"


def test_a_firm_after_a_role_noun_stays_a_firm(extract):
    ex = extract("The company spokesman Acme Corp declined to comment.")
    assert is_org(classes(ex)["Acme Corp"])


def test_a_name_opening_with_a_common_first_name_is_a_person(extract):
    ex = extract("Harold Becker was shot by an intruder.")
    assert classes(ex)["Harold Becker"] == "Person"


def test_a_place_named_after_a_first_name_stays_a_place(extract):
    ex = extract("Farmers in Jordan Valley protested on Monday.")
    assert is_place(classes(ex)["Jordan Valley"])


def test_a_law_or_treaty_is_named_by_its_head_word(extract):
    got = classes(extract("Governor Ann Cole signed the Clean Rivers Act, and Chile ratified the Lima Accords."))
    assert got["Clean Rivers Act"] == "Document" and got["Lima Accords"] == "Treaty"


def test_a_name_after_a_kind_of_work_is_a_work(extract):
    got = classes(extract("Extracts from Maria Lopez's book Tidewater revealed the talks."))
    assert got["Tidewater"] == "Document" and got["Maria Lopez"] == "Person"


def test_a_generic_head_word_alone_is_no_name(extract):
    got = classes(extract("Secretary of State Antony Blinken met the State Department staff."))
    assert "State" not in got and is_org(got["State Department"]) and got["Antony Blinken"] == "Person"
    got = classes(extract("Lena Ortiz, the Secretary of Justice for Chile, met Governor Jim Justice."))
    assert "Justice" not in got and got["Jim Justice"] == "Person"


def test_a_kind_of_organisation_beside_a_name_makes_an_organisation(extract):
    got = classes(extract("The drug is made by the Ohio company Brightwell Biotherapeutics."))
    assert is_org(got["Brightwell Biotherapeutics"])
    got = classes(extract("JAXA, the Japanese space agency, delayed a launch."))
    assert is_org(got["JAXA"])


def test_a_championship_or_a_primary_is_an_event(extract):
    got = classes(extract("She won the Kenyan National Championship before the Ohio Primary."))
    assert got["Kenyan National Championship"] == "Event" and got["Ohio Primary"] == "Event"


def test_wiki_markup_is_no_part_of_a_label(extract):
    got = classes(extract("Lena Berg, who founded the |Green Future Party; spoke."))
    assert "Green Future Party" in got and not any(k.startswith("|") for k in got)


def test_social_platforms_are_organisations(extract):
    got = classes(extract("Maria Lopez said on Twitter that the video went viral on TikTok."))
    assert is_org(got["Twitter"]) and is_org(got["TikTok"]) and got["Maria Lopez"] == "Person"


def test_an_all_caps_dateline_the_ner_passed_over_is_the_place(extract):
    got = classes(extract("FRANKFURT 2021-06-02\n\nShares in the brewer rose on Monday."))
    assert got.get("FRANKFURT") == "City"


def test_a_results_line_the_ner_took_for_one_name_is_split_at_the_scores(extract):
    ex = extract("Malmo 3 Hammarby 1")
    assert {e.label for e in ex.entities} == {"Malmo", "Hammarby"}


def test_a_side_of_a_scoreline_the_ner_passed_over_is_a_team(extract):
    ex = extract("Denver 21 ATLANTA 14")
    assert {e.label for e in ex.entities} == {"Denver", "ATLANTA"}
    assert ("Denver", "defeated", "ATLANTA") in {(ex.entities[s.subject].label, s.predicate,
                                                      ex.entities[s.object].label) for s in ex.statements}
    assert not extract("Shares rose 3 percent and bonds 2 percent.").entities


def test_a_seeding_number_is_no_part_of_a_name(nlp, extractor):
    from spacy.tokens import Span

    from kg.extract.entities import _trim

    doc = nlp("2 - Anna Berg (Norway) beat Lena Holt (Sweden) 15-6 15-9")
    seeded = Span(doc, 0, 4, label="ORG")  # the NER's span in such lines: "2 - Anna Berg"
    assert _trim(seeded, extractor.entity_rules).text == "Anna Berg"


def test_an_office_named_by_its_title_is_a_person_and_a_glued_title_leaves_the_organisation(extract):
    got = classes(extract("Crowds greeted the Archbishop of Westminster, and the Bank of England waited."))
    assert got["Archbishop of Westminster"] == "Person" and is_org(got["Bank of England"])
    got = classes(extract("The order came from Navy Commandant Admiral Lars Holm on Monday."))
    assert is_org(got["Navy"]) and got["Lars Holm"] == "Person"


def test_a_giant_or_a_maker_before_a_name_is_a_company(extract):
    got = classes(extract("Investors in the Brazilian oil giant Petrobras met the phone maker Nokia."))
    assert is_org(got["Petrobras"]) and is_org(got["Nokia"])


def test_a_product_beside_its_kind_is_no_node_and_a_portfolio_before_minister_is_no_name(extract):
    ex = extract("The boat, a Hallberg Rassy, was sailing to Ellis Island.")
    assert "Hallberg Rassy" not in {e.label for e in ex.entities} and "Ellis Island" in {e.label for e in ex.entities}
    got = classes(extract("Ports and Bridges Minister Amal Perera said ferries would stop."))
    assert "Bridges" not in got and got["Amal Perera"] == "Person"


def test_a_foreign_company_suffix_makes_an_organisation(extract):
    got = classes(extract("The state firm sold its stake to Duna Gepgyar Kft. on Monday."))
    assert any(is_org(c) for k, c in got.items() if k.endswith("Kft"))


def test_a_city_glued_to_an_organisation_before_a_title_is_the_posting(extract):
    got = classes(extract("Reuters Berlin correspondent Kenji Ito wrote the report."))
    assert is_org(got["Reuters"]) and got["Berlin"] == "City" and got["Kenji Ito"] == "Person"
    assert "Barack Obama" in classes(extract("Barack Obama's wife, Michelle Obama, wrote a memoir."))


def test_a_name_the_ner_passed_over_with_an_age_beside_it_is_a_person(extract):
    ex = extract("Hartwell, 70, a retired pilot, said the airline owed him money.")
    assert classes(ex).get("Hartwell") == "Person"
    years = extract("In Paris, 2019, the talks failed.")  # a year is no age
    assert classes(years) == {"Paris": "City"}


def test_a_known_place_at_the_end_of_a_journey_is_the_place_whatever_the_ner_said(extract):
    ex = extract("Rescue teams were en route to Vladivostok and the crash site.")
    assert classes(ex).get("Vladivostok") == "City"
    spoken = extract("She spoke to Austin about the deal.")  # talking to someone is no journey
    assert classes(spoken).get("Austin") == "Person"


def test_a_trade_in_apposition_makes_a_name_a_person(extract):
    ex = extract("The ranking was drawn up by Blackwood, a designer from the coast.")
    assert classes(ex).get("Blackwood") == "Person"
    assert not ex.events  # a ranking drawn up by one person is no match between sides


def test_the_subject_of_what_only_people_do_is_a_person(extract):
    assert classes(extract("Marco Blanc testified on Tuesday."))["Marco Blanc"] == "Person"
    assert is_org(classes(extract("The Senate testified."))["Senate"])  # a body keeps its head's class


def test_a_name_headed_by_a_war_or_a_cup_is_an_event_not_an_organisation(extract):
    assert classes(extract("The Spanish Civil War ended in 1939."))["Spanish Civil War"] == "Event"
    assert classes(extract("France won the World Cup in 2018."))["World Cup"] == "Event"


def test_the_end_of_a_journey_is_a_place_context_but_the_recipient_of_a_letter_is_not(nlp, extractor):
    from spacy.tokens import Doc

    from kg.extract.entities import _place_context

    def doc(words, heads, deps, lemmas):
        return Doc(nlp.vocab, words=words, heads=heads, deps=deps, lemmas=lemmas)

    went = doc(["They", "flew", "to", "Austin"], [1, 1, 1, 2], ["nsubj", "ROOT", "prep", "pobj"],
               ["they", "fly", "to", "Austin"])
    assert _place_context(went[3:4], extractor.gazetteer, extractor.entity_rules)
    sent = doc(["They", "sent", "letters", "to", "Austin"], [1, 1, 1, 1, 3],
               ["nsubj", "ROOT", "dobj", "prep", "pobj"], ["they", "send", "letter", "to", "Austin"])
    assert not _place_context(sent[4:5], extractor.gazetteer, extractor.entity_rules)


# 9. a pair of names or a family is no one person

def test_a_hyphenated_pair_of_named_people_is_no_entity(extract):
    got = classes(extract("Elena Lopez and Mark Ortiz met for the Lopez-Ortiz debate on Monday."))
    assert set(got) == {"Elena Lopez", "Mark Ortiz"}


def test_a_double_barrelled_surname_and_a_hyphenated_company_stay(extract):
    got = classes(extract("Senator Ana Ruiz-Torres praised Rolls-Royce, and Ann Rolls agreed."))
    assert got["Ana Ruiz-Torres"] == "Person" and is_org(got["Rolls-Royce"])


def test_the_plural_of_a_named_surname_is_a_family_not_a_person(extract):
    got = classes(extract("Rita Hale and Tom Hale arrived early. The Hales thanked the crowd."))
    assert set(got) == {"Rita Hale", "Tom Hale"}
    kept = extract("Alex Hales scored a century, and Hales was named man of the match.")
    hales = [e for e in kept.entities if e.label == "Alex Hales"]
    assert len(hales) == 1 and len(hales[0].mentions) == 2  # a surname ending in s is no plural


# 10. a US state and its namesake city or country, told apart by the words around

def test_words_around_a_state_name_make_it_the_state(extract):
    assert classes(extract("Officials in Washington state issued a warning."))["Washington"] == "Region"
    assert classes(extract("She moved to Seattle, Washington, in May."))["Washington"] == "Region"
    assert classes(extract("Storms hit Atlanta, Georgia, overnight."))["Georgia"] == "Region"
    assert classes(extract("Snow fell across upstate New York."))["New York"] == "Region"
    assert classes(extract("The border between New York State and Quebec closed."))["New York"] == "Region"


def test_without_such_words_the_capital_and_the_country_stay(extract):
    assert classes(extract("Lawmakers in Washington passed the bill."))["Washington"] == "City"
    assert classes(extract("Protests spread in Tbilisi, Georgia, overnight."))["Georgia"] == "Country"


def test_a_plural_demonym_the_ner_took_for_a_name_is_the_country(extract):
    got = classes(extract("The poll found that Britons trust doctors."))  # the NER says ORG
    assert got == {"United Kingdom": "Country"}


def test_a_code_the_ner_took_for_a_person_is_no_one(extract):
    got = classes(extract("Experts warned that COVID-19 would return, said Mark Tully."))  # the NER says PERSON
    assert got == {"Mark Tully": "Person"}
