@dont @dont-sell
Feature: Don't sell
  But passive candidates are not in the market to buy anything so selling them something is
  unquestionably the wrong approach.
  The best way to start talking with passive candidates is to engage them in conversation about
  their industry.

  The first touch is a networking email or an offer of a connection, never a job. A job
  presented before the candidate has replied, talked or met is a pitch before a reply.

  Background:
    Given Sam is a recruiter working on London time
    And Ada Lovelace was added to the pipeline on Monday 2 March 2026 at 09:00
    And Sam researched Ada, finding compilers in common, on Monday 2 March 2026 at 10:00

  Scenario: The first email is a networking note, not a job
    Then the next step is to send Ada a first networking email on Monday 2 March 2026 at 10:00
    And the suggestion mentions "not a job"
    And the reasons given include "Don't sell"

  Scenario: Offering a connection is a good first touch
    When Sam offered Ada a connection on Tuesday 3 March 2026 at 10:00
    Then Sam is not warned
    And the next step is to send Ada a follow-up email on Tuesday 10 March 2026 at 10:00

  Scenario: Emailing a job before any reply is a pitch before a reply
    When Sam emailed Ada about a job on Tuesday 3 March 2026 at 10:00
    Then Sam is warned at once of a pitch before a reply
    And the coaching report shows a pitch before a reply by Sam with Ada on Tuesday 3 March 2026

  Scenario: Presenting a role to someone who never answered is a pitch before a reply
    Given Sam emailed Ada about compilers on Tuesday 3 March 2026 at 10:00
    And Sam noted that Ada cares most about growth on Tuesday 3 March 2026 at 11:00
    When Sam presented the Staff Engineer role to Ada on Wednesday 4 March 2026 at 10:00
    Then Sam is warned at once of a pitch before a reply

  Scenario: A reply from last year does not make this year's pitch welcome
    Given Sam emailed Ada about compilers on Tuesday 3 March 2026 at 10:00
    And Ada replied on Wednesday 4 March 2026 at 14:00
    And Sam noted that Ada cares most about growth on Wednesday 4 March 2026 at 14:30
    And Sam researched Ada on Thursday 1 April 2027 at 11:00
    When Sam emailed Ada about a job on Friday 2 April 2027 at 11:00
    Then Sam is warned at once of a pitch before a reply

  Scenario Outline: Once the candidate has talked, a job is no longer a pitch before a reply
    Given Sam emailed Ada about compilers on Tuesday 3 March 2026 at 10:00
    And <answer> on Wednesday 4 March 2026 at 14:00
    And Sam noted that Ada cares most about growth on Wednesday 4 March 2026 at 14:30
    When Sam presented the Staff Engineer role to Ada on Thursday 5 March 2026 at 10:00
    Then Sam is not warned
    And the coaching report does not show a pitch before a reply

    Examples:
      | answer                           |
      | Ada replied                      |
      | Sam talked with Ada on the phone |
      | Sam met Ada at PyCon             |

  Scenario: An email found in the sent mail that names an opening, before any reply, is a pitch
    Given Ada's email address is ada@example.org
    And Sam's sent mail holds an email to Ada about "An opening for a compiler engineer" on Tuesday 3 March 2026 at 10:00
    When Sam brings in her mail
    Then the coaching report shows a pitch before a reply by Sam with Ada on Tuesday 3 March 2026

  Scenario: After a job pitched by email, the call names their industry, never the role
    Given Sam emailed Ada about the Senior Frontend role on Monday 2 March 2026 at 11:00
    Then the next step is to call Ada on Thursday 5 March 2026 at 10:00
    And the suggestion mentions "compilers"
    And the suggestion does not mention "Senior Frontend"
