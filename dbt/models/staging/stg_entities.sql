with source as (
    select * from {{ source('news', 'entities') }}
),

renamed as (
    select
        article_id,
        sentence_idx,
        start_char,
        end_char,
        text as entity_text,
        label as entity_label
    from source
)

select * from renamed
