@do @skills-not-availability
Feature: Look for skills not availability
  If you go into a recruitment relationship off the back of the question: ‘Who do you know that is
  looking?’ you’re always going to reduce your chances of getting the right person.
  However, if you go in thinking: ‘Who do you know with the same skill set or XYZ skill set?’,
  then you’re opening the field up to a much wider audience.

  Search goes by skills, never by who is looking. The people you would hire, and the key
  contributors of online groups, once in conversation, are asked who they know with their skills,
  again after a while.

  Background:
    Given Sam is a recruiter working on London time
    And Ada Lovelace, who knows Python and compilers, was added to the pipeline on Monday 2 March 2026 at 09:00
    And Sam met Ada at PyCon on Monday 2 March 2026 at 10:00 and would hire her
    And Sam researched Ada on Tuesday 3 March 2026 at 10:00
    And Sam emailed Ada about compilers on Wednesday 4 March 2026 at 09:00
    And Ada replied on Thursday 5 March 2026 at 14:00

  Scenario: Someone you would hire, in conversation, is asked who they know with their skills
    Given Sam noted that Ada cares most about growth on Thursday 5 March 2026 at 14:30
    Then the next step is to ask Ada who they know with python or compilers on Thursday 5 March 2026 at 14:30
    And the suggestion mentions "never “who is looking?”"
    And the reason given is "Look for skills not availability"

  Scenario Outline: The referral question comes again after a while
    Given the team asks for referrals again after <days> days
    And Sam noted that Ada cares most about growth on Thursday 5 March 2026 at 14:30
    And Sam asked Ada who they know with Rust on Thursday 5 March 2026 at 15:00
    When it is <ask again>
    Then the next step is to ask Ada who they know with python or compilers on <ask again>

    Examples:
      | days          | ask again                         |
      | the usual 180 | Tuesday 1 September 2026 at 15:00 |
      | 90            | Wednesday 3 June 2026 at 15:00    |

  Scenario: A key contributor of an online group is asked too
    Given Grace Hopper, who knows COBOL, was added to the pipeline on Monday 2 March 2026 at 09:00
    And Sam started watching the COBOL Guild on Monday 2 February 2026 at 09:00
    And Sam contributed to the COBOL Guild on Tuesday 3 February 2026 at 09:00
    And Grace was spotted in the COBOL Guild as a key contributor on Monday 2 March 2026 at 10:00
    And Sam researched Grace on Monday 2 March 2026 at 11:00
    And Sam emailed Grace on Monday 2 March 2026 at 12:00
    And Grace replied on Tuesday 3 March 2026 at 09:00
    And Sam noted that Grace cares most about the mission on Tuesday 3 March 2026 at 09:30
    Then the next step is to ask Grace who they know with cobol on Tuesday 3 March 2026 at 09:30

  Scenario: Asking who is looking is reported
    Given Sam noted that Ada cares most about growth on Thursday 5 March 2026 at 14:30
    When Sam asked Ada who they know that is looking on Friday 6 March 2026 at 10:00
    Then Sam is warned at once of an availability ask
    And the coaching report shows an availability ask by Sam with Ada on Friday 6 March 2026
    And the next step is to ask Ada who they know with python or compilers on Thursday 5 March 2026 at 14:30

  Scenario: Search goes by skills, most skills matched first
    Given Grace Hopper, who knows COBOL and compilers, was added to the pipeline on Monday 2 March 2026 at 09:00
    And Alan Turing, who knows Python, was added to the pipeline on Monday 2 March 2026 at 09:00
    When Sam looks for people who know compilers and COBOL
    Then Sam finds Grace Hopper, then Ada Lovelace

  Scenario: Skills on a profile update are what they do now
    Given Sam updated Ada's profile to say she now knows Rust and WebAssembly, on Thursday 5 March 2026 at 15:00
    And Sam noted that Ada cares most about growth on Thursday 5 March 2026 at 15:30
    Then the next step is to ask Ada who they know with rust or webassembly on Thursday 5 March 2026 at 15:30
    And the suggestion does not mention "python"
    When Sam looks for people who know Python
    Then Sam finds nobody
