with source as (
    select * from {{ source('news', 'actor_references') }}
),

renamed as (
    select
        article_id,
        sentence_idx,
        start_char,
        end_char,
        text as mention_text,
        actor,
        actor_type,
        country,
        role,
        entity_label,
        source as resolved_by
    from source
)

select * from renamed
