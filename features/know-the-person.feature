@dont @know-the-person
Feature: Don't ignore the person behind the hire
  Before you call someone, make sure you learn as much as you can about them.
  Identifying something you have in common with them will help you develop a genuine connection.

  Before the first touch of a round, the next step is to research the person: their company,
  industry, interests and common ground, until research newer than the last round is on record.

  Background:
    Given Sam is a recruiter working on London time
    And Ada Lovelace was added to the pipeline on Monday 2 March 2026 at 09:00

  Scenario: Someone new is researched before anything else
    Then the next step is to research Ada on Monday 2 March 2026 at 09:00
    And the reason given is "Don't ignore the person behind the hire"

  Scenario: With research on record, the first email can go
    Given Sam researched Ada, finding compilers in common, on Tuesday 3 March 2026 at 10:00
    Then the next step is to send Ada a first networking email on Tuesday 3 March 2026 at 10:00
    And the suggestion mentions "compilers"

  Scenario: An updated profile counts as research
    Given Sam updated Ada's profile on Tuesday 3 March 2026 at 10:00
    Then the next step is to send Ada a first networking email on Tuesday 3 March 2026 at 10:00

  Scenario Outline: Research goes stale after a year
    Given the team starts a new round after <days> days of silence
    And Sam researched Ada on Tuesday 3 March 2026 at 10:00
    When it is <now>
    Then the next step is to <next step> on <due>

    Examples:
      | days          | now                             | next step                         | due                             |
      | the usual 365 | Tuesday 2 March 2027 at 10:00   | send Ada a first networking email | Tuesday 3 March 2026 at 10:00   |
      | the usual 365 | Wednesday 3 March 2027 at 10:00 | research Ada                      | Wednesday 3 March 2027 at 10:00 |
      | 30            | Thursday 2 April 2026 at 10:00  | research Ada                      | Thursday 2 April 2026 at 10:00  |

  Scenario: The research waiting longest comes first on the agenda
    Given Grace Hopper was added to the pipeline on Monday 2 March 2026 at 08:00
    When it is Monday 2 March 2026 at 12:00
    Then the agenda lists Grace, then Ada

  Scenario: Reaching out with no research is reported
    When Sam emailed Ada on Tuesday 3 March 2026 at 10:00
    Then Sam is warned at once of outreach before research
    And the coaching report shows outreach before research by Sam with Ada on Tuesday 3 March 2026

  Scenario: After a year of silence, a new round begins with new research
    Given Sam researched Ada on Tuesday 3 March 2026 at 10:00
    And Sam emailed Ada on Wednesday 4 March 2026 at 10:00
    And Ada replied on Thursday 5 March 2026 at 14:00
    When it is Monday 8 March 2027 at 09:00
    Then the next step is to research Ada on Friday 5 March 2027 at 14:00

  Scenario: Last year's research does not cover this year's round
    Given Sam researched Ada on Tuesday 3 March 2026 at 10:00
    And Sam emailed Ada on Wednesday 4 March 2026 at 10:00
    And Ada replied on Thursday 5 March 2026 at 14:00
    When Sam emailed Ada on Tuesday 9 March 2027 at 10:00
    Then Sam is warned at once of outreach before research

  Scenario Outline: A reply left unanswered is ignoring the person
    Given Sam researched Ada on Monday 2 March 2026 at 10:00
    And Sam emailed Ada on Monday 2 March 2026 at 11:00
    And Ada replied on Tuesday 3 March 2026 at 10:00
    When it is <now>
    Then the coaching report <shows> an ignored reply with Ada

    Examples:
      | now                            | shows         |
      | Tuesday 10 March 2026 at 09:59 | does not show |
      | Tuesday 10 March 2026 at 10:00 | shows         |

  Scenario: A reply answered in time is not ignored
    Given Sam researched Ada on Monday 2 March 2026 at 10:00
    And Sam emailed Ada on Monday 2 March 2026 at 11:00
    And Ada replied on Tuesday 3 March 2026 at 10:00
    And Sam talked with Ada on the phone on Friday 6 March 2026 at 10:00
    When it is Monday 30 March 2026 at 10:00
    Then the coaching report does not show an ignored reply
