-- One row per (decliner, requester) in declined_engagement_counts.
select decliner, requester, count(*) as n
from {{ ref('declined_engagement_counts') }}
group by decliner, requester
having count(*) > 1
