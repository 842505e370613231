@do @listen-to-motivations
Feature: Listen to candidates' real motivations
  The only way to discover those core motivating factors is to study candidates’ backgrounds and
  listen to them.
  Asking questions about a gap in work or a change in industry helps build rapport, and gives you
  insight into what makes a person tick.

  In conversation, with no motivation known, the next step is to ask what would make a move
  worthwhile: training, being closer to home, flexible hours, pay, growth, culture, mission,
  stability. Presenting a role before any motivation is known is reported.

  Background:
    Given Sam is a recruiter working on London time
    And Ada Lovelace was added to the pipeline on Monday 2 March 2026 at 09:00
    And Sam researched Ada on Monday 2 March 2026 at 10:00
    And Sam emailed Ada about compilers on Monday 2 March 2026 at 11:00

  Scenario: In conversation with no motivation known, ask what would make a move worthwhile
    Given Ada replied on Tuesday 3 March 2026 at 16:00
    Then the next step is to ask Ada what would make a move worthwhile on Tuesday 3 March 2026 at 16:00
    And the reason given is "Listen to candidates' real motivations"

  Scenario Outline: A call that got through is a conversation too
    Given Sam called Ada without an answer on Thursday 5 March 2026 at 10:00
    And <call> on Friday 6 March 2026 at 10:00
    Then the next step is to ask Ada what would make a move worthwhile on Friday 6 March 2026 at 10:00

    Examples:
      | call                             |
      | Sam talked with Ada on the phone |
      | Sam called Ada                   |

  Scenario Outline: A career move on record is part of the question
    Given Ada replied on Tuesday 3 March 2026 at 16:00
    And Sam noted <move> in Ada's career on Tuesday 3 March 2026 at 16:30
    Then the next step is to ask Ada what would make a move worthwhile on Tuesday 3 March 2026 at 16:00
    And the suggestion mentions "<asked about>"

    Examples:
      | move                 | asked about     |
      | a gap in work        | gap             |
      | a change of industry | industry change |

  Scenario: Once a motivation is known, the next step moves on
    Given Ada replied on Tuesday 3 March 2026 at 16:00
    And Sam noted that Ada cares most about being closer to home on Tuesday 3 March 2026 at 16:30
    Then the next step is to keep in touch with Ada on Sunday 30 August 2026 at 16:00

  Scenario: Presenting a role with no motivation known is reported
    Given Ada replied on Tuesday 3 March 2026 at 16:00
    When Sam presented the Staff Engineer role to Ada on Wednesday 4 March 2026 at 10:00
    Then Sam is warned at once of a pitch with no motivation known
    And the coaching report shows a pitch with no motivation known by Sam with Ada on Wednesday 4 March 2026

  Scenario: Presenting a role that answers their motivation is fine
    Given Ada replied on Tuesday 3 March 2026 at 16:00
    And Sam noted that Ada cares most about training on Tuesday 3 March 2026 at 16:30
    When Sam presented the Staff Engineer role to Ada on Wednesday 4 March 2026 at 10:00
    Then Sam is not warned

  Scenario: A reply found in the mailbox starts the conversation: ask what would make a move worthwhile
    Given Ada's email address is ada@example.org
    And Ada's reply arrived in Sam's inbox on Tuesday 3 March 2026 at 16:00
    When Sam brings in her mail
    Then the next step is to ask Ada what would make a move worthwhile on Tuesday 3 March 2026 at 16:00

  Scenario Outline: Every word the question suggests can be noted as a motivation
    Given Sam emailed Ada on Monday 2 March 2026 at 11:00
    And Ada replied on Tuesday 3 March 2026 at 09:00
    Then the next step is to ask Ada what would make a move worthwhile on Tuesday 3 March 2026 at 09:00
    And the suggestion mentions "<word>"
    When Sam noted that Ada cares most about <word> on Tuesday 3 March 2026 at 10:00
    Then the motivation on record for Ada is <kind>

    Examples:
      | word        | kind         |
      | pay         | compensation |
      | location    | commute      |
      | flexibility | schedule     |
      | commute     | commute      |
