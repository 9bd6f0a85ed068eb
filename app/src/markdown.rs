//! Markdown from the questionnaires (help, guidance, typical evidence, remediation advice) shown
//! safely: pulldown-cmark events become a small tree of allowed elements, which is turned into
//! Leptos views. No HTML string is ever handed to the browser, so raw HTML in the source shows as
//! text, and links keep only `http(s)` or relative targets; nothing else passes.

use leptos::prelude::*;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// An allowed element of the tree.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Text(String),
    Code(String),
    Break,
    Rule,
    Element(Element, Vec<Node>),
    /// A link with a safe target; an unsafe one becomes its text.
    Link(String, Vec<Node>),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Element {
    Paragraph,
    /// Headings inside a question's text are small: the page has its own.
    Heading,
    Quote,
    CodeBlock,
    BulletList,
    NumberedList(u64),
    Item,
    Emphasis,
    Strong,
    Strikethrough,
}

/// What an open tag turns into.
enum Frame {
    Element(Element),
    Link(Option<String>),
    /// A tag whose content is kept but not the tag itself (tables, images, HTML blocks…).
    Transparent,
}

/// Parses Markdown into the allowed tree.
pub fn parse(markdown: &str) -> Vec<Node> {
    let mut stack: Vec<(Frame, Vec<Node>)> = vec![(Frame::Transparent, Vec::new())];
    for event in Parser::new(markdown) {
        match event {
            Event::Start(tag) => stack.push((frame_of(tag), Vec::new())),
            Event::End(end) => {
                // The root frame is never popped; a stray end tag cannot unbalance the stack.
                if stack.len() < 2 {
                    continue;
                }
                let Some((frame, children)) = stack.pop() else {
                    continue;
                };
                let Some((_, parent)) = stack.last_mut() else {
                    continue;
                };
                match frame {
                    Frame::Element(element) => parent.push(Node::Element(element, children)),
                    Frame::Link(Some(href)) => parent.push(Node::Link(href, children)),
                    Frame::Link(None) | Frame::Transparent => {
                        parent.extend(children);
                        if matches!(end, TagEnd::TableRow | TagEnd::HtmlBlock) {
                            parent.push(Node::Break);
                        }
                    }
                }
            }
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => {
                push(&mut stack, Node::Text(text.into_string()))
            }
            Event::Code(code) | Event::InlineMath(code) | Event::DisplayMath(code) => {
                push(&mut stack, Node::Code(code.into_string()))
            }
            Event::SoftBreak => push(&mut stack, Node::Text("\n".to_owned())),
            Event::HardBreak => push(&mut stack, Node::Break),
            Event::Rule => push(&mut stack, Node::Rule),
            Event::FootnoteReference(label) => push(&mut stack, Node::Text(format!("[{label}]"))),
            Event::TaskListMarker(done) => push(
                &mut stack,
                Node::Text(if done { "☑ " } else { "☐ " }.to_owned()),
            ),
        }
    }
    // Unclosed frames (not produced by pulldown-cmark, but cheap to handle) fold into the root.
    while stack.len() > 1 {
        if let Some((_, children)) = stack.pop()
            && let Some((_, parent)) = stack.last_mut()
        {
            parent.extend(children);
        }
    }
    stack.pop().map(|(_, nodes)| nodes).unwrap_or_default()
}

fn push(stack: &mut [(Frame, Vec<Node>)], node: Node) {
    if let Some((_, children)) = stack.last_mut() {
        children.push(node);
    }
}

fn frame_of(tag: Tag<'_>) -> Frame {
    match tag {
        Tag::Paragraph => Frame::Element(Element::Paragraph),
        Tag::Heading { .. } => Frame::Element(Element::Heading),
        Tag::BlockQuote(_) => Frame::Element(Element::Quote),
        Tag::CodeBlock(_) => Frame::Element(Element::CodeBlock),
        Tag::List(None) => Frame::Element(Element::BulletList),
        Tag::List(Some(start)) => Frame::Element(Element::NumberedList(start)),
        Tag::Item => Frame::Element(Element::Item),
        Tag::Emphasis => Frame::Element(Element::Emphasis),
        Tag::Strong => Frame::Element(Element::Strong),
        Tag::Strikethrough => Frame::Element(Element::Strikethrough),
        Tag::Link { dest_url, .. } => Frame::Link(safe_href(&dest_url)),
        _ => Frame::Transparent,
    }
}

/// The link target if it is `http(s)` or relative (no scheme), else `None`.
pub fn safe_href(href: &str) -> Option<String> {
    let href = href.trim();
    let lower = href.to_ascii_lowercase();
    let scheme_end = href.find(':');
    let first_delimiter = href.find(['/', '?', '#']);
    let relative = match (scheme_end, first_delimiter) {
        (None, _) => true,
        (Some(colon), Some(delimiter)) => delimiter < colon,
        (Some(_), None) => false,
    };
    (lower.starts_with("https://") || lower.starts_with("http://") || relative)
        .then(|| href.to_owned())
}

/// Markdown rendered as views, inside a `div` with the given class.
#[component]
pub fn Markdown(
    #[prop(into)] text: String,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let nodes = parse(&text);
    view! { <div class=format!("markdown {class}")>{render(nodes)}</div> }
}

fn render(nodes: Vec<Node>) -> AnyView {
    nodes.into_iter().map(render_node).collect_view().into_any()
}

fn render_node(node: Node) -> AnyView {
    match node {
        Node::Text(text) => text.into_any(),
        Node::Code(code) => view! { <code>{code}</code> }.into_any(),
        Node::Break => view! { <br/> }.into_any(),
        Node::Rule => view! { <hr/> }.into_any(),
        Node::Link(href, children) => {
            let external = href.starts_with("http");
            view! {
                <a
                    href=href
                    target=external.then_some("_blank")
                    rel=external.then_some("noopener noreferrer")
                >
                    {render(children)}
                </a>
            }
            .into_any()
        }
        Node::Element(element, children) => {
            let inner = render(children);
            match element {
                Element::Paragraph => view! { <p>{inner}</p> }.into_any(),
                Element::Heading => view! { <h4>{inner}</h4> }.into_any(),
                Element::Quote => view! { <blockquote>{inner}</blockquote> }.into_any(),
                Element::CodeBlock => view! { <pre>{inner}</pre> }.into_any(),
                Element::BulletList => view! { <ul>{inner}</ul> }.into_any(),
                Element::NumberedList(start) => {
                    view! { <ol start=start.to_string()>{inner}</ol> }.into_any()
                }
                Element::Item => view! { <li>{inner}</li> }.into_any(),
                Element::Emphasis => view! { <em>{inner}</em> }.into_any(),
                Element::Strong => view! { <strong>{inner}</strong> }.into_any(),
                Element::Strikethrough => view! { <s>{inner}</s> }.into_any(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Node {
        Node::Text(s.to_owned())
    }

    #[test]
    fn lists_emphasis_and_paragraphs_become_elements() {
        let nodes = parse("符合的做法：\n\n- **任命**文件\n- 组织架构图\n");
        assert_eq!(
            nodes,
            vec![
                Node::Element(Element::Paragraph, vec![text("符合的做法：")]),
                Node::Element(
                    Element::BulletList,
                    vec![
                        Node::Element(
                            Element::Item,
                            vec![
                                Node::Element(Element::Strong, vec![text("任命")]),
                                text("文件")
                            ]
                        ),
                        Node::Element(Element::Item, vec![text("组织架构图")]),
                    ]
                ),
            ]
        );
    }

    #[test]
    fn raw_html_stays_text() {
        let nodes = parse("a <script>alert(1)</script> b\n\n<img src=x onerror=alert(1)>\n");
        let flat = format!("{nodes:?}");
        assert!(flat.contains("Text(\"<script>\")"), "{flat}");
        assert!(flat.contains("onerror"), "{flat}");
        assert!(!flat.contains("Link"), "{flat}");
    }

    #[test]
    fn only_http_and_relative_links_keep_their_target() {
        assert_eq!(
            parse("[x](javascript:alert(1))"),
            vec![Node::Element(Element::Paragraph, vec![text("x")])]
        );
        assert_eq!(
            parse("[x](https://www.cac.gov.cn/)"),
            vec![Node::Element(
                Element::Paragraph,
                vec![Node::Link(
                    "https://www.cac.gov.cn/".to_owned(),
                    vec![text("x")]
                )]
            )]
        );
        assert_eq!(
            safe_href("/api/regulations"),
            Some("/api/regulations".to_owned())
        );
        assert_eq!(safe_href("data:text/html,x"), None);
        assert_eq!(safe_href("JaVaScRiPt:alert(1)"), None);
        assert_eq!(safe_href("a/b:c"), Some("a/b:c".to_owned()));
    }
}
