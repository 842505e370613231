@do @use-your-contacts
Feature: Use your contacts
  Most recruiters will already have a great database of passive candidates; just go back a
  couple of years in the candidates you have placed or interviewed.
  By cross-referencing what those old candidates are doing now via social networks you can build
  up a good picture of them and what they might be a good fit for today.

  Past candidates (placed, interviewed, applied) come back into play. After a year or more of
  silence, see what they are doing now before any outreach; the first email mentions the earlier
  conversation.

  Background:
    Given Sam is a recruiter working on London time
    And Ada Lovelace was added to the pipeline on Monday 2 March 2026 at 09:00

  Scenario: A past candidate quiet for two years: see what they are doing now
    Given Ada was interviewed for the Compiler Engineer role on Tuesday 5 March 2024 at 14:00
    Then the next step is to see what Ada is doing now on Monday 2 March 2026 at 09:00
    And the reason given is "Use your contacts"

  Scenario Outline: A year of silence makes a past candidate someone to catch up with
    Given the team starts a new round after <days> days of silence
    And Ada was placed in the Compiler Engineer role on <placed>
    Then the next step is to <next step> on Monday 2 March 2026 at 09:00

    Examples:
      | days          | placed                       | next step                 |
      | the usual 365 | Monday 3 March 2025 at 09:00 | research Ada              |
      | the usual 365 | Sunday 2 March 2025 at 09:00 | see what Ada is doing now |
      | 400           | Sunday 2 March 2025 at 09:00 | research Ada              |

  Scenario Outline: A past candidate who goes quiet in the pipeline is caught up with after the year
    Given Ada was interviewed for the Compiler Engineer role on Monday 10 March 2025 at 14:00
    When it is <now>
    Then the next step is to <next step> on <due>

    Examples:
      | now                            | next step                 | due                            |
      | Tuesday 10 March 2026 at 13:59 | research Ada              | Monday 2 March 2026 at 09:00   |
      | Friday 13 March 2026 at 09:00  | see what Ada is doing now | Tuesday 10 March 2026 at 14:00 |

  Scenario: Once the profile is refreshed, the first email mentions the earlier conversation
    Given Ada applied for the Compiler Engineer role on Tuesday 5 March 2024 at 14:00
    And Sam updated Ada's profile on Tuesday 3 March 2026 at 10:00
    Then the next step is to send Ada a first networking email on Tuesday 3 March 2026 at 10:00
    And the suggestion mentions "the earlier conversation"
    And the suggestion mentions "Compiler Engineer"
    And the reasons given include "Use your contacts"

  Scenario: A past candidate who answered again is in conversation as anyone else
    Given Ada was interviewed for the Compiler Engineer role on Tuesday 5 March 2024 at 14:00
    And Sam updated Ada's profile on Tuesday 3 March 2026 at 10:00
    And Sam emailed Ada about compilers on Tuesday 3 March 2026 at 11:00
    And Ada replied on Wednesday 4 March 2026 at 09:00
    Then the next step is to ask Ada what would make a move worthwhile on Wednesday 4 March 2026 at 09:00
