@do @monitor-online
Feature: Monitor online discussions
  Of course, that doesn’t mean you should just start soliciting leads.
  Instead, monitor the group for a while, identify key contributors, see how other recruiters are
  being treated, and most importantly figure out how you can contribute to the conversation.

  Someone spotted in an online group is not contacted until Sam has listened in that group for a
  while (counted from when the group was first watched, or anyone was first spotted there) and
  has contributed to it at least once.

  Background:
    Given Sam is a recruiter working on London time
    And Ada Lovelace was added to the pipeline on Monday 2 March 2026 at 09:00

  Scenario: Someone spotted online: keep listening before reaching out
    Given Ada was spotted in the Rust Users Forum on Monday 2 March 2026 at 10:00
    Then the next step is to keep listening in the Rust Users Forum before reaching out to Ada on Monday 2 March 2026 at 10:00
    And the reason given is "Monitor online discussions"

  Scenario Outline: Listen for a while and contribute, then research
    Given the team listens in a group for <days> days before reaching out
    And Sam started watching the Rust Users Forum on Monday 2 March 2026 at 09:00
    And Ada was spotted in the Rust Users Forum on Monday 2 March 2026 at 10:00
    And Sam contributed to the Rust Users Forum on Wednesday 4 March 2026 at 12:00
    When it is <now>
    Then the next step is to <next step> on <due>

    Examples:
      | days         | now                           | next step                                                         | due                           |
      | the usual 14 | Monday 16 March 2026 at 08:59 | keep listening in the Rust Users Forum before reaching out to Ada | Monday 2 March 2026 at 10:00  |
      | the usual 14 | Monday 16 March 2026 at 09:00 | research Ada                                                      | Monday 16 March 2026 at 09:00 |
      | 7            | Monday 9 March 2026 at 09:00  | research Ada                                                      | Monday 9 March 2026 at 09:00  |

  Scenario: Listening counts from the first time anyone was spotted in the group
    Given Grace Hopper was added to the pipeline on Monday 2 March 2026 at 09:00
    And Grace was spotted in the Rust Users Forum on Monday 2 March 2026 at 10:00
    And Ada was spotted in the Rust Users Forum on Monday 9 March 2026 at 10:00
    And Sam contributed to the Rust Users Forum on Tuesday 10 March 2026 at 12:00
    When it is Monday 16 March 2026 at 10:00
    Then the next step is to research Ada on Monday 16 March 2026 at 10:00

  Scenario: A sighting recorded by mistake and withdrawn does not start the listening
    Given Grace Hopper was added to the pipeline on Monday 2 March 2026 at 09:00
    And Grace was spotted in the Rust Users Forum on Monday 2 March 2026 at 10:00
    And Ada was spotted in the Rust Users Forum on Monday 9 March 2026 at 10:00
    And Sam contributed to the Rust Users Forum on Tuesday 10 March 2026 at 12:00
    And Sam withdrew the sighting of Monday 2 March 2026 at 10:00 with Grace, recorded by mistake, on Wednesday 11 March 2026 at 09:00
    When it is Monday 16 March 2026 at 10:00
    Then the next step is to keep listening in the Rust Users Forum before reaching out to Ada on Monday 9 March 2026 at 10:00

  Scenario: Listening is not enough: contribute before reaching out
    Given Sam started watching the Rust Users Forum on Monday 2 February 2026 at 09:00
    And Ada was spotted in the Rust Users Forum on Monday 2 March 2026 at 10:00
    When it is Friday 20 March 2026 at 09:00
    Then the next step is to keep listening in the Rust Users Forum before reaching out to Ada on Monday 2 March 2026 at 10:00
    And the suggestion mentions "contribute"

  Scenario: Reaching out before listening is reported
    Given Ada was spotted in the Rust Users Forum on Monday 2 March 2026 at 10:00
    And Sam researched Ada on Monday 2 March 2026 at 11:00
    When Sam emailed Ada about compilers on Tuesday 3 March 2026 at 10:00
    Then Sam is warned at once of contact before listening
    And the coaching report shows contact before listening by Sam with Ada on Tuesday 3 March 2026
