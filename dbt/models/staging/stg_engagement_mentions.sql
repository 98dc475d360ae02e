with source as (
    select * from {{ source('news', 'engagement_mentions') }}
),

renamed as (
    select
        article_id,
        sentence_idx,
        start_char,
        end_char,
        trigger,
        kind,
        decliner,
        requester,
        decliner_actor,
        requester_actor,
        decliner_source,
        requester_source,
        engagement,
        engagement_type,
        scope,
        claimed_count_min,
        claimed_count_max,
        anchors,
        in_quote,
        time_text,
        time_start,
        time_end,
        time_open_ended
    from source
)

select * from renamed
