"""Where each plan adaptation rule comes from (``unknot.core.adapt.SOURCES``).

Sections are those of shared/docs/clinical-facts.md. A source is named by its publisher and
title, with the publisher's own address where one exists ("Citing a source in the product");
a copy's address never appears here. "Ours" marks a choice of unknot's, not a source's.
"""

from __future__ import annotations

NCCIH = (
    "NCCIH, 'Massage Therapy: What You Need To Know', "
    "https://www.nccih.nih.gov/health/massage-therapy-what-you-need-to-know"
)
NCCIH_OLD = (
    "NCCIH (earlier edition), 'Massage Therapy for Health Purposes', "
    "http://nccam.nih.gov/health/massage/massageintroduction.htm"
)
MAYO = (
    "Mayo Clinic, 'Massage: Get in touch with its many benefits' (risks), "
    "https://www.mayoclinic.org/healthy-lifestyle/stress-management/in-depth/massage/"
    "art-20045743"
)
KP = (
    "Kaiser Permanente/Healthwise, 'Hip replacement: posterior precautions', "
    "https://healthy.kaiserpermanente.org/health-wellness/health-encyclopedia/"
    "he.hip-replacement-posterior-precautions-what-to-expect-at-home.ug3861"
)
ANT = "patient handout 'Hip Precautions: Anterior & Posterior Approach' (no publisher address)"
DUKE = "Duke Physical Therapy, 'Anterior Hip Precautions' (no publisher address)"
SPADI = "SPADI (Roach et al., Arthritis Care Res 1991;4:143-9)"

SOURCES: dict[str, str] = {
    "painful_shoulder_side_lying": (
        f"product.md F4; clinical-facts §3.2, {SPADI} pain item 2: lying on the involved side"
    ),
    "unknown_shoulder_side_lying": (
        f"product.md F4 (never lie on the painful shoulder); clinical-facts §3.2, {SPADI} pain "
        "item 2: lying on the involved side; ours: with the side not known, either shoulder "
        "may be the painful one, so both are treated as painful"
    ),
    "deep_tissue_good_hand": (
        f"product.md F4 (spare the painful shoulder); clinical-facts §3.2, {SPADI} pain item 5 "
        "(pushing with the involved arm) and disability items 2 and 8 (reaching behind you); "
        "ours: the hand of a shoulder that does not hurt does the pressing"
    ),
    "deep_tissue_ball": (
        f"product.md F4; clinical-facts §3.2, {SPADI} pain item 5 and disability items 2 and 8; "
        "ours: with both shoulders painful (or the side not known), a ball against a wall gives "
        "the pressure, so neither arm pushes"
    ),
    "soften_bleeding": (
        "clinical-facts §2: bleeding disorders, low platelets, anticoagulants, avoid forceful "
        f"and deep tissue massage ({NCCIH}; {MAYO})"
    ),
    "soften_bone": (
        "clinical-facts §2: weakened bones, recent fracture, cancer, no deep pressure "
        f"({NCCIH_OLD}; {MAYO})"
    ),
    "soften_cancer": f"clinical-facts §2: no deep pressure over a tumour area ({NCCIH})",
    "soften_consult": (
        "clinical-facts §2 'Ask a clinician first': pregnancy, fragile skin, heart problems "
        f"({NCCIH}; {NCCIH_OLD})"
    ),
    "no_massage_dvt": (
        f"clinical-facts §2: no massage with a DVT ({NCCIH_OLD}; {MAYO}; UCLH, 'Deep vein "
        "thrombosis', https://uclh.nhs.uk/patients-and-visitors/patient-information-pages/"
        "deep-vein-thrombosis)"
    ),
    "no_massage_fever": f"clinical-facts §2: no massage with a fever ({NCCIH_OLD})",
    "no_massage_skin": (
        f"clinical-facts §2: avoid wounds, burns, infection or rash in the area ({NCCIH}; {MAYO})"
    ),
    "hip_surgery_recent": (
        "clinical-facts §2 'Hip replacement': app rule, no hip massage or stretch within 12 "
        "weeks of hip surgery without the surgeon's OK (common post-operative advice, 6-12 "
        "weeks; Hendersonville Orthopedics, 'What are hip precautions?', "
        "https://www.hendersonvilleorthopedics.com/faq/what-are-hip-precautions/ ; Sunnybrook, "
        "'Hip precautions', "
        "https://sunnybrook.ca/content/?page=musculoskeletal-hip-replacement-hip-precautions)"
    ),
    "anterior_hip_extension": (
        "clinical-facts §2 'Hip replacement': 'Don't stretch your hip back … Don't kneel only "
        f"on one knee' ({ANT}); 'No hip extension' ({DUKE})"
    ),
    "anterior_hip_turn_out": (
        f"clinical-facts §2 'Hip replacement': 'Don't turn your foot out' ({ANT}); so no step "
        "lets the operated side's knee drop outwards"
    ),
    "posterior_hip_flexion": (
        "clinical-facts §2 'Hip replacement': no hip bend past 90°, knees apart, no crossing "
        f"the legs, no turning the leg inward ({KP})"
    ),
    "posterior_hip_standing": (
        "clinical-facts §2 'Hip replacement': getting down to and up from half-kneeling bends "
        f"the front hip past 90° ({KP}: 'Do not bend your hip more than 90 degrees'), so the "
        "stretch is done standing, holding a chair (step back, tuck the pelvis, trunk "
        "upright), on both sides"
    ),
    "kneeling_pain_standing": (
        "ours, for comfort: no clinical source is claimed. A knee replacement or a knee that "
        "hurts when kneeling gets the standing hip-flexor stretch of clinical-facts §2 instead "
        "of kneeling"
    ),
    "high_pain_gentle": (
        "clinical-facts §6: pain above 5/10 is 'unacceptable' in the pain-monitoring model "
        "(Silbernagel et al., Am J Sports Med 2007;35(6):897-906, "
        "https://pubmed.ncbi.nlm.nih.gov/17307888/); NHS physiotherapy sheets: work at no "
        "more than 4-5/10"
    ),
    "back_pain_bent_forward": (
        "clinical-facts §7.2: avoid the pendulum exercise with back pain (MedlinePlus, "
        "https://medlineplus.gov/ency/imagepages/19911.htm)"
    ),
    "instability_doorway": (
        "clinical-facts §7.6: take care with a history of dislocation or subluxation (Rebalance "
        "Physical Therapy, 'Featured exercise: doorway chest/pectoralis stretch', "
        "https://rebalancept.com/physical-therapy-exercises/featured-exercise-doorway-"
        "chestpectoralis-stretch/)"
    ),
    "short_on_time": "product.md F4: short on time, the short routine",
}
